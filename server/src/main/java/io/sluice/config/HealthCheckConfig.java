package io.sluice.config;

import java.time.Duration;

/**
 * Active health checks of each endpoint of an upstream: every {@code interval} a GET of
 * {@code path} must answer a 2xx within {@code timeout}. {@code unhealthyThreshold} failures in a
 * row take the endpoint out of rotation, {@code healthyThreshold} successes in a row bring it back.
 * The path may carry a query ({@code /health?deep=1}).
 */
public record HealthCheckConfig(String path, Duration interval, Duration timeout, Integer healthyThreshold,
                                Integer unhealthyThreshold) {

    public HealthCheckConfig {
        path = Checks.orDefault(path, "/health");
        if (!path.startsWith("/") || !path.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            // it goes into a request line as is: a space or CR/LF would forge another request
            throw ConfigException.invalid("path", path, "a path and optional query starting with /, printable ASCII without spaces");
        }
        interval = Checks.positive("interval", interval, Duration.ofSeconds(5));
        timeout = Checks.positive("timeout", timeout, Duration.ofSeconds(1));
        if (timeout.compareTo(interval) > 0) {
            throw ConfigException.invalid("timeout", DurationParser.format(timeout), "must not be longer than interval ("
                    + DurationParser.format(interval) + ")");
        }
        healthyThreshold = Checks.range("healthyThreshold", healthyThreshold, 2, 1, 100);
        unhealthyThreshold = Checks.range("unhealthyThreshold", unhealthyThreshold, 3, 1, 100);
    }
}
