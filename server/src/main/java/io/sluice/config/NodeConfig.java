package io.sluice.config;

import java.time.Duration;

/**
 * Facts about this node: its id (in logs and headers), how long a stop may drain in-flight
 * requests, whether the access log is written, how many requests may run at once, whether request
 * metrics are recorded ({@code metrics}, default true; off only to measure their cost) and how
 * requests are traced ({@link TracingConfig}).
 */
public record NodeConfig(String id, Duration drainTimeout, Boolean accessLog, Integer maxConcurrentRequests,
                         Boolean metrics, TracingConfig tracing) {

    public static final NodeConfig DEFAULTS = new NodeConfig(null, null, null, null);

    public NodeConfig(String id, Duration drainTimeout, Boolean accessLog, Integer maxConcurrentRequests) {
        this(id, drainTimeout, accessLog, maxConcurrentRequests, null, null);
    }

    public NodeConfig {
        id = Checks.orDefault(id, "sluice-1");
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ConfigException.invalid("id", id, "1-64 letters, digits, '.', '_' or '-'");
        }
        drainTimeout = Checks.positive("drainTimeout", drainTimeout, Duration.ofSeconds(15));
        accessLog = Checks.orDefault(accessLog, Boolean.TRUE);
        maxConcurrentRequests = Checks.range("maxConcurrentRequests", maxConcurrentRequests, 20_000, 1, 1_000_000);
        metrics = Checks.orDefault(metrics, Boolean.TRUE);
        tracing = Checks.orDefault(tracing, TracingConfig.DEFAULTS);
    }
}
