package io.sluice.proxy;

import io.sluice.auth.Authenticators;
import io.sluice.config.GatewayConfig;
import io.sluice.config.RateLimitConfig;
import io.sluice.route.RouteTable;
import io.sluice.upstream.Upstream;
import java.time.InstantSource;
import java.util.Map;

/**
 * Everything a request needs from the configuration, as one immutable snapshot. A request reads
 * the snapshot once and uses it to the end, so a config swap never changes a request midway.
 * {@code guards} are the node's long-lived shedding, rate-limit and breaker state, the same in
 * every snapshot; {@code authenticators} are the routes' authentication, built with the snapshot.
 */
public record GatewayState(GatewayConfig config, RouteTable routes, Map<String, Upstream> upstreams,
                           Map<String, RateLimitConfig> rateLimits, Guards guards, Authenticators authenticators) {

    public GatewayState(GatewayConfig config, RouteTable routes, Map<String, Upstream> upstreams, Guards guards,
                        Authenticators authenticators) {
        this(config, routes, upstreams, config.rateLimits().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(RateLimitConfig::id, p -> p)), guards, authenticators);
    }

    /** A snapshot whose authenticators read the system clock and start with empty key caches. */
    public GatewayState(GatewayConfig config, RouteTable routes, Map<String, Upstream> upstreams, Guards guards) {
        this(config, routes, upstreams, guards, Authenticators.build(config.routes(), InstantSource.system(), Authenticators.NONE));
    }
}
