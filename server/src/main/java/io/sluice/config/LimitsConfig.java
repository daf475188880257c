package io.sluice.config;

import java.time.Duration;

/**
 * Request limits enforced at the edge: header block size (431 beyond it), body size (413), how
 * long an idle client connection is kept, and how many proxied requests may be in flight on this
 * node before new ones are shed with 503 at once (0 = no node-wide limit) rather than queued.
 */
public record LimitsConfig(Integer maxRequestHeaderBytes, Long maxRequestBodyBytes, Duration clientIdleTimeout,
                           Integer maxInFlight) {

    public static final LimitsConfig DEFAULTS = new LimitsConfig(null, null, null, null);

    public LimitsConfig(Integer maxRequestHeaderBytes, Long maxRequestBodyBytes, Duration clientIdleTimeout) {
        this(maxRequestHeaderBytes, maxRequestBodyBytes, clientIdleTimeout, null);
    }

    public LimitsConfig {
        maxRequestHeaderBytes = Checks.range("maxRequestHeaderBytes", maxRequestHeaderBytes, 16 * 1024, 1024, 1024 * 1024);
        maxRequestBodyBytes = Checks.atLeast("maxRequestBodyBytes", maxRequestBodyBytes, 1L << 30, 0);
        clientIdleTimeout = Checks.positive("clientIdleTimeout", clientIdleTimeout, Duration.ofSeconds(60));
        maxInFlight = Checks.range("maxInFlight", maxInFlight, 0, 0, 10_000_000);
    }
}
