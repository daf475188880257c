package io.sluice.config;

import java.time.Duration;

/**
 * The circuit breaker of an upstream (or of each of its endpoints with {@code scope: endpoint}):
 * it opens when, over the sliding window, at least {@code minimumCalls} were seen and the failure
 * rate or the slow-call rate reaches its threshold; it stays open for {@code openDuration}, then
 * lets {@code halfOpenCalls} probes through to decide whether to close again. Failures are
 * connect/timeout/protocol errors and 5xx answers. Every upstream has a breaker so an operator can
 * always force it open or closed; {@code enabled: false} only turns off automatic tripping.
 *
 * <p>A call is slow when it takes at least {@code slowCallDuration}. {@code windowSize} is seconds
 * for a time window (at most an hour: the window keeps one bucket per second, per breaker) and calls
 * for a count window (at most 10,000, each kept). A count window can never hold more than
 * {@code windowSize} calls, so a {@code minimumCalls} above it is refused, and its default is
 * lowered to the window size.
 */
public record BreakerConfig(Boolean enabled, String scope, Integer failureRateThreshold, Integer slowCallRateThreshold,
                            Duration slowCallDuration, String windowType, Integer windowSize, Integer minimumCalls,
                            Duration openDuration, Integer halfOpenCalls) {

    public static final BreakerConfig DEFAULTS = new BreakerConfig(null, null, null, null, null, null, null, null, null, null);

    public BreakerConfig {
        enabled = Checks.orDefault(enabled, Boolean.TRUE);
        scope = Checks.oneOf("scope", scope, "upstream", java.util.List.of("upstream", "endpoint"));
        failureRateThreshold = Checks.range("failureRateThreshold", failureRateThreshold, 50, 1, 100);
        slowCallRateThreshold = Checks.range("slowCallRateThreshold", slowCallRateThreshold, 100, 1, 100);
        slowCallDuration = Checks.positive("slowCallDuration", slowCallDuration, Duration.ofSeconds(5));
        windowType = Checks.oneOf("windowType", windowType, "time", java.util.List.of("time", "count"));
        boolean count = "count".equals(windowType);
        windowSize = Checks.range("windowSize", windowSize, count ? 100 : 10, 1, count ? 10_000 : 3600);
        if (count && minimumCalls != null && minimumCalls > windowSize) {
            throw ConfigException.invalid("minimumCalls", minimumCalls,
                    "must be at most windowSize (" + windowSize + "): a count window never holds more calls");
        }
        minimumCalls = Checks.range("minimumCalls", minimumCalls, count ? Math.min(20, windowSize) : 20, 1, 100_000);
        openDuration = Checks.positive("openDuration", openDuration, Duration.ofSeconds(10));
        halfOpenCalls = Checks.range("halfOpenCalls", halfOpenCalls, 5, 1, 1000);
    }
}
