package io.sluice.config;

import java.time.Duration;

/**
 * Active health checks of each endpoint of an upstream: every {@code interval} a GET of
 * {@code path} must answer a 2xx within {@code timeout}. {@code unhealthyThreshold} failures in a
 * row take the endpoint out of rotation, {@code healthyThreshold} successes in a row bring it back.
 */
public record HealthCheckConfig(String path, Duration interval, Duration timeout, Integer healthyThreshold,
                                Integer unhealthyThreshold) {

    public HealthCheckConfig {
        path = Checks.orDefault(path, "/health");
        if (!path.startsWith("/")) {
            throw ConfigException.invalid("path", path, "must start with /");
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
