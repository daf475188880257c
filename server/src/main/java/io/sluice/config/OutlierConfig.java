package io.sluice.config;

import java.time.Duration;

/**
 * Passive outlier ejection: an endpoint that fails {@code consecutiveFailures} requests in a row
 * (connect errors, timeouts, 5xx) gets no traffic for {@code baseEjectionTime} times the number of
 * times it was ejected before, capped at {@code maxEjectionTime}. At most
 * {@code maxEjectedPercent} of an upstream's endpoints are ejected at once, so a bad deploy of the
 * whole upstream cannot eject everything.
 */
public record OutlierConfig(Boolean enabled, Integer consecutiveFailures, Duration baseEjectionTime,
                            Duration maxEjectionTime, Integer maxEjectedPercent) {

    public static final OutlierConfig DEFAULTS = new OutlierConfig(null, null, null, null, null);

    public OutlierConfig {
        enabled = Checks.orDefault(enabled, Boolean.TRUE);
        consecutiveFailures = Checks.range("consecutiveFailures", consecutiveFailures, 5, 1, 1000);
        baseEjectionTime = Checks.positive("baseEjectionTime", baseEjectionTime, Duration.ofSeconds(5));
        maxEjectionTime = Checks.positive("maxEjectionTime", maxEjectionTime, Duration.ofMinutes(5));
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw ConfigException.invalid("maxEjectionTime", DurationParser.format(maxEjectionTime),
                    "must not be shorter than baseEjectionTime (" + DurationParser.format(baseEjectionTime) + ")");
        }
        maxEjectedPercent = Checks.range("maxEjectedPercent", maxEjectedPercent, 50, 0, 100);
    }
}
