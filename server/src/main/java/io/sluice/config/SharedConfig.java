package io.sluice.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of the configuration that the whole cluster shares and versions: upstreams, routes and
 * rate-limit policies. Everything else (node identity, listeners, limits, cluster membership) is
 * bound to one machine and stays in that node's file. Validated as one value, including what spans
 * fields: unique ids, routes naming known upstreams and policies.
 */
public record SharedConfig(List<UpstreamConfig> upstreams, List<RouteConfig> routes, List<RateLimitConfig> rateLimits) {

    /** The top-level fields of the shared document; the loader keeps exactly these when it extracts it from a node file. */
    public static final List<String> FIELDS = List.of("upstreams", "routes", "rateLimits");

    public SharedConfig {
        upstreams = Checks.list(upstreams);
        routes = Checks.list(routes);
        rateLimits = Checks.list(rateLimits);
        unique("upstreams", upstreams.stream().map(UpstreamConfig::id).toList(), "id");
        unique("routes", routes.stream().map(RouteConfig::id).toList(), "id");
        unique("rateLimits", rateLimits.stream().map(RateLimitConfig::id).toList(), "id");
        Set<String> known = new HashSet<>(upstreams.stream().map(UpstreamConfig::id).toList());
        Set<String> policies = new HashSet<>(rateLimits.stream().map(RateLimitConfig::id).toList());
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            if (route.upstream() != null && !known.contains(route.upstream())) {
                throw ConfigException.invalid("routes[" + i + "].upstream", route.upstream(),
                        "must name a defined upstream (" + String.join(", ", known) + ")");
            }
            for (int j = 0; j < route.split().size(); j++) {
                String target = route.split().get(j).upstream();
                if (!known.contains(target)) {
                    throw ConfigException.invalid("routes[" + i + "].split[" + j + "].upstream", target,
                            "must name a defined upstream (" + String.join(", ", known) + ")");
                }
            }
            if (route.rateLimit() != null && !policies.contains(route.rateLimit())) {
                throw ConfigException.invalid("routes[" + i + "].rateLimit", route.rateLimit(),
                        policies.isEmpty() ? "no rateLimits are defined" : "must name a defined rate limit (" + String.join(", ", policies) + ")");
            }
        }
    }

    static void unique(String field, List<String> ids, String key) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw ConfigException.invalid(field + "[" + i + "]." + key, ids.get(i), "must be unique; it is used twice");
            }
        }
    }
}
