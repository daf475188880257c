package io.sluice.config;

import java.util.List;

/**
 * The whole configuration of a node as read from its file: what is bound to this machine (node,
 * listeners, limits, cluster membership, admin listener) and the {@link SharedConfig} part
 * (upstreams, routes, rate limits) that the cluster versions and may replace at run time.
 * Immutable, so a running node can swap it atomically.
 */
public record GatewayConfig(NodeConfig node, List<ListenerConfig> listeners, LimitsConfig limits, ClusterConfig cluster,
                            AdminConfig admin, List<UpstreamConfig> upstreams, List<RouteConfig> routes,
                            List<RateLimitConfig> rateLimits) {

    public GatewayConfig {
        node = Checks.orDefault(node, NodeConfig.DEFAULTS);
        listeners = Checks.list(listeners);
        limits = Checks.orDefault(limits, LimitsConfig.DEFAULTS);
        upstreams = Checks.list(upstreams);
        routes = Checks.list(routes);
        rateLimits = Checks.list(rateLimits);
        if (listeners.isEmpty()) {
            throw new ConfigException("listeners", "needs at least one listener");
        }
        SharedConfig.unique("listeners", listeners.stream().map(ListenerConfig::name).toList(), "name");
        new SharedConfig(upstreams, routes, rateLimits);
    }

    /** A standalone node without admin listener or rate limits (tests and the simplest setups). */
    public GatewayConfig(NodeConfig node, List<ListenerConfig> listeners, LimitsConfig limits,
                         List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
        this(node, listeners, limits, null, null, upstreams, routes, null);
    }

    public SharedConfig shared() {
        return new SharedConfig(upstreams, routes, rateLimits);
    }

    /** This node's settings with another shared part (validated by the caller). */
    public GatewayConfig withShared(SharedConfig shared) {
        return new GatewayConfig(node, listeners, limits, cluster, admin, shared.upstreams(), shared.routes(), shared.rateLimits());
    }
}
