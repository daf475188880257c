package io.sluice.breaker;

import io.sluice.config.BreakerConfig;
import io.sluice.config.EndpointConfig;
import io.sluice.config.UpstreamConfig;
import java.time.Duration;
import java.util.Arrays;

/** Upstream configs for breaker tests. */
final class Upstreams {

    private Upstreams() {
    }

    static UpstreamConfig upstream(String id, BreakerConfig breaker, String... urls) {
        var endpoints = Arrays.stream(urls.length == 0 ? new String[] {"http://10.0.0.1:8080"} : urls)
                .map(u -> new EndpointConfig(u, null)).toList();
        return new UpstreamConfig(id, null, null, endpoints, null, null, null, null, null, breaker, null, null);
    }

    /** Count window of 10 calls, 4 calls minimum, 50 % failures or 50 % slow (>= 1 s), open 10 s, 2 probes. */
    static BreakerConfig counting(String scope) {
        return new BreakerConfig(true, scope, 50, 50, Duration.ofSeconds(1), "count", 10, 4, Duration.ofSeconds(10), 2);
    }

    static BreakerConfig disabled() {
        return new BreakerConfig(false, null, 50, 50, Duration.ofSeconds(1), "count", 10, 4, Duration.ofSeconds(10), 2);
    }
}
