package io.sluice.config;

import java.time.Duration;

/**
 * Request limits enforced at the edge: header block size (431 beyond it), body size (413), and
 * how long an idle client connection is kept.
 */
public record LimitsConfig(Integer maxRequestHeaderBytes, Long maxRequestBodyBytes, Duration clientIdleTimeout) {

    public static final LimitsConfig DEFAULTS = new LimitsConfig(null, null, null);

    public LimitsConfig {
        maxRequestHeaderBytes = Checks.range("maxRequestHeaderBytes", maxRequestHeaderBytes, 16 * 1024, 1024, 1024 * 1024);
        maxRequestBodyBytes = Checks.atLeast("maxRequestBodyBytes", maxRequestBodyBytes, 1L << 30, 0);
        clientIdleTimeout = Checks.positive("clientIdleTimeout", clientIdleTimeout, Duration.ofSeconds(60));
    }
}
