package io.sluice.config;

import java.time.Duration;
import java.util.List;

/**
 * A rate-limit policy, named by routes through {@code rateLimit: <id>}. Each distinct client key
 * gets its own token bucket that refills {@code rate} tokens per {@code per} and holds at most
 * {@code burst}. The key is {@code client-ip}, {@code header:<Name>} (for example an API key),
 * {@code identity} (the caller the route's {@code auth} authenticated, else its client IP) or
 * {@code global} (one bucket for everyone). {@code mode: reject} answers 429 at once when the
 * bucket is empty; {@code mode: shape} parks the request until a token is due, up to
 * {@code maxWait}, and answers 429 only past it. {@code scope: cluster} holds the limit across all
 * nodes together; {@code scope: local} holds it on each node on its own.
 *
 * <p>The bounds keep the limiter's nanosecond arithmetic exact and its state small: at most
 * 1,000,000 tokens per second (one token per microsecond or slower), a window {@code per} of at
 * most 31 days, a full refill ({@code burst} tokens) within 31 days, and a shaping wait of at most
 * 60 s, since a parked request still holds its client connection.
 */
public record RateLimitConfig(String id, Long rate, Duration per, Long burst, String key, String mode,
                              Duration maxWait, String scope) {

    private static final Duration MAX_PER = Duration.ofDays(31);
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    public RateLimitConfig {
        id = Checks.required("id", id);
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ConfigException.invalid("id", id, "1-64 letters, digits, '.', '_' or '-'");
        }
        if (rate == null) {
            throw ConfigException.missing("rate");
        }
        rate = Checks.atLeast("rate", rate, 1, 1);
        per = Checks.positive("per", per, Duration.ofSeconds(1));
        if (per.compareTo(MAX_PER) > 0) {
            throw ConfigException.invalid("per", DurationParser.format(per), "must be at most 31d");
        }
        long interval = per.toNanos() / rate;
        if (interval < 1_000) {
            throw ConfigException.invalid("rate", rate, "at most 1000000 per second; with per " + DurationParser.format(per)
                    + " that is at most " + Math.max(1, per.toNanos() / 1_000));
        }
        burst = Checks.atLeast("burst", burst, rate, 1);
        if (interval > MAX_PER.toNanos() / burst) {
            throw ConfigException.invalid("burst", burst, "a full bucket must refill within 31d; with rate " + rate + " per "
                    + DurationParser.format(per) + " that is at most " + MAX_PER.toNanos() / interval);
        }
        key = Checks.orDefault(key, "client-ip");
        if (!(key.equals("client-ip") || key.equals("identity") || key.equals("global")
                || key.matches("header:[A-Za-z0-9!#$%&'*+.^_`|~-]+"))) {
            throw ConfigException.invalid("key", key, "client-ip, identity, global or header:<Header-Name>");
        }
        mode = Checks.oneOf("mode", mode, "reject", List.of("reject", "shape"));
        maxWait = Checks.positive("maxWait", maxWait, Duration.ofSeconds(1));
        if (maxWait.compareTo(MAX_WAIT) > 0) {
            throw ConfigException.invalid("maxWait", DurationParser.format(maxWait), "must be at most 60s");
        }
        scope = Checks.oneOf("scope", scope, "cluster", List.of("cluster", "local"));
    }
}
