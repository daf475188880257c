package io.sluice.auth;

import io.sluice.config.RouteConfig;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The authenticators of one config snapshot, by route id; routes without {@code auth} have none.
 * Built when a config is applied, never per request. JWK sets are the only state behind them (a
 * URL's cache and refetch budget, a file's last good keys): a new snapshot takes them over from
 * the previous one for every {@code jwks} location it still uses, so a config swap does not
 * refetch keys, and routes that name the same location share one set.
 */
public final class Authenticators {

    /** No route authenticates. */
    public static final Authenticators NONE = new Authenticators(Map.of(), Map.of());

    private final Map<String, Authenticator> byRoute;
    private final Map<String, Jwks> keySources;

    private Authenticators(Map<String, Authenticator> byRoute, Map<String, Jwks> keySources) {
        this.byRoute = byRoute;
        this.keySources = keySources;
    }

    /**
     * @param previous the running snapshot's authenticators, whose JWK sets are kept where the
     *                 location is unchanged ({@link #NONE} on start)
     */
    public static Authenticators build(List<RouteConfig> routes, InstantSource clock, Authenticators previous) {
        Map<String, Authenticator> byRoute = new HashMap<>();
        Map<String, Jwks> keySources = new HashMap<>();
        for (RouteConfig route : routes) {
            if (route.auth() != null) {
                byRoute.put(route.id(), new Authenticator(route.id(), route.auth(), clock,
                        location -> keySources.computeIfAbsent(location, l -> {
                            Jwks kept = previous.keySources.get(l);
                            return kept != null ? kept : Jwks.of(l, clock);
                        })));
            }
        }
        return new Authenticators(Map.copyOf(byRoute), Map.copyOf(keySources));
    }

    /** The route's authenticator, or null if the route is open to everyone. */
    public Authenticator forRoute(String routeId) {
        return byRoute.get(routeId);
    }
}
