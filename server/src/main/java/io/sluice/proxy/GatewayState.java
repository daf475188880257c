package io.sluice.proxy;

import io.sluice.config.GatewayConfig;
import io.sluice.config.RateLimitConfig;
import io.sluice.route.RouteTable;
import io.sluice.upstream.Upstream;
import java.util.Map;

/**
 * Everything a request needs from the configuration, as one immutable snapshot. A request reads
 * the snapshot once and uses it to the end, so a config swap never changes a request midway.
 * {@code guards} are the node's long-lived shedding, rate-limit and breaker state, the same in
 * every snapshot.
 */
public record GatewayState(GatewayConfig config, RouteTable routes, Map<String, Upstream> upstreams,
                           Map<String, RateLimitConfig> rateLimits, Guards guards) {

    public GatewayState(GatewayConfig config, RouteTable routes, Map<String, Upstream> upstreams, Guards guards) {
        this(config, routes, upstreams, config.rateLimits().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(RateLimitConfig::id, p -> p)), guards);
    }
}
