package io.sluice.config;

import java.time.Duration;
import java.util.List;

/**
 * A rate-limit policy, named by routes through {@code rateLimit: <id>}. Each distinct client key
 * gets its own token bucket that refills {@code rate} tokens per {@code per} and holds at most
 * {@code burst}. The key is {@code client-ip}, {@code header:<Name>} (for example an API key) or
 * {@code global} (one bucket for everyone). {@code mode: reject} answers 429 at once when the
 * bucket is empty; {@code mode: shape} parks the request until a token is due, up to
 * {@code maxWait}, and answers 429 only past it. {@code scope: cluster} holds the limit across all
 * nodes together; {@code scope: local} holds it on each node on its own.
 */
public record RateLimitConfig(String id, Long rate, Duration per, Long burst, String key, String mode,
                              Duration maxWait, String scope) {

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
        burst = Checks.atLeast("burst", burst, rate, 1);
        key = Checks.orDefault(key, "client-ip");
        if (!(key.equals("client-ip") || key.equals("global") || key.matches("header:[A-Za-z0-9!#$%&'*+.^_`|~-]+"))) {
            throw ConfigException.invalid("key", key, "client-ip, global or header:<Header-Name>");
        }
        mode = Checks.oneOf("mode", mode, "reject", List.of("reject", "shape"));
        maxWait = Checks.positive("maxWait", maxWait, Duration.ofSeconds(1));
        scope = Checks.oneOf("scope", scope, "cluster", List.of("cluster", "local"));
    }
}
