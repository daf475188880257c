package io.sluice.config;

import java.time.Duration;

/**
 * Upstream timeouts: TCP connect, waiting for response headers (504 past it), idle time on a
 * connection mid-exchange, and the whole exchange including the body.
 */
public record TimeoutConfig(Duration connect, Duration responseHeaders, Duration idle, Duration request) {

    public static final TimeoutConfig DEFAULTS = new TimeoutConfig(null, null, null, null);

    public TimeoutConfig {
        connect = Checks.positive("connect", connect, Duration.ofSeconds(2));
        responseHeaders = Checks.positive("responseHeaders", responseHeaders, Duration.ofSeconds(30));
        idle = Checks.positive("idle", idle, Duration.ofSeconds(60));
        request = Checks.positive("request", request, Duration.ofMinutes(5));
        if (responseHeaders.compareTo(request) > 0) {
            throw ConfigException.invalid("responseHeaders", DurationParser.format(responseHeaders),
                    "must not exceed request (" + DurationParser.format(request) + ")");
        }
    }
}
