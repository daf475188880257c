package io.sluice.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of a node, validated as one value: every field on its own in the
 * record constructors, and here what spans fields (unique ids, routes naming known upstreams).
 * Immutable, so a running node can swap it atomically.
 */
public record GatewayConfig(NodeConfig node, List<ListenerConfig> listeners, LimitsConfig limits,
                            List<UpstreamConfig> upstreams, List<RouteConfig> routes) {

    public GatewayConfig {
        node = Checks.orDefault(node, NodeConfig.DEFAULTS);
        listeners = Checks.list(listeners);
        limits = Checks.orDefault(limits, LimitsConfig.DEFAULTS);
        upstreams = Checks.list(upstreams);
        routes = Checks.list(routes);
        if (listeners.isEmpty()) {
            throw new ConfigException("listeners", "needs at least one listener");
        }
        unique("listeners", listeners.stream().map(ListenerConfig::name).toList(), "name");
        unique("upstreams", upstreams.stream().map(UpstreamConfig::id).toList(), "id");
        unique("routes", routes.stream().map(RouteConfig::id).toList(), "id");
        Set<String> known = new HashSet<>(upstreams.stream().map(UpstreamConfig::id).toList());
        for (int i = 0; i < routes.size(); i++) {
            String target = routes.get(i).upstream();
            if (!known.contains(target)) {
                throw ConfigException.invalid("routes[" + i + "].upstream", target,
                        "must name a defined upstream (" + String.join(", ", known) + ")");
            }
        }
    }

    private static void unique(String field, List<String> ids, String key) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw ConfigException.invalid(field + "[" + i + "]." + key, ids.get(i), "must be unique; it is used twice");
            }
        }
    }
}
