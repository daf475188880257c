package io.sluice.route;

import io.sluice.config.ConfigException;
import io.sluice.config.MatchConfig;
import io.sluice.config.RouteConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An immutable, ordered route table. The first route that matches wins, and the order is:
 * <ol>
 *   <li>higher {@code priority} first;</li>
 *   <li>then the more specific path: exact, then template, then prefix;</li>
 *   <li>within a kind: longer prefix, or more literal template segments, first;</li>
 *   <li>then exact host names before {@code *.} wildcards before any host;</li>
 *   <li>then routes with more conditions (methods, headers) first;</li>
 *   <li>then declaration order.</li>
 * </ol>
 */
public final class RouteTable {

    private static final Comparator<Route> ORDER = Comparator
            .comparingInt((Route r) -> -r.priority())
            .thenComparingInt(r -> -r.path().kindRank())
            .thenComparingInt(r -> -r.path().weight())
            .thenComparingInt(r -> -r.hosts().rank())
            .thenComparingInt(r -> -((r.methods().isEmpty() ? 0 : 1) + r.headers().size()))
            .thenComparingInt(Route::order);

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = routes;
    }

    public static RouteTable compile(List<RouteConfig> configs) {
        List<Route> routes = new ArrayList<>(configs.size());
        for (int i = 0; i < configs.size(); i++) {
            RouteConfig c = configs.get(i);
            MatchConfig m = c.match();
            PathPattern path;
            try {
                path = m.path() != null ? PathPattern.exact(m.path())
                        : m.pathPrefix() != null ? PathPattern.prefix(m.pathPrefix())
                        : PathPattern.template(m.pathTemplate());
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid("routes[" + i + "].match.pathTemplate", m.pathTemplate(), e.getMessage());
            }
            checkRewriteParams(i, c, path);
            routes.add(new Route(c.id(), c.priority(), HostMatcher.of(m.hosts()), path,
                    new LinkedHashSet<>(m.methods()), Map.copyOf(m.headers()),
                    c.split().isEmpty() ? UpstreamChoice.single(c.upstream()) : UpstreamChoice.split(c.split(), c.pin()),
                    c.rewrite(), i, c.rateLimit(), c.maxInFlight()));
        }
        routes.sort(ORDER);
        return new RouteTable(List.copyOf(routes));
    }

    private static void checkRewriteParams(int i, RouteConfig c, PathPattern path) {
        String target = c.rewrite().path();
        if (target == null) {
            return;
        }
        List<String> known = path instanceof PathPattern.Template t
                ? t.names().stream().filter(java.util.Objects::nonNull).toList() : List.of();
        var m = java.util.regex.Pattern.compile("\\{([^}]*)}").matcher(target);
        while (m.find()) {
            if (!known.contains(m.group(1))) {
                throw ConfigException.invalid("routes[" + i + "].rewrite.path", target,
                        "{" + m.group(1) + "} is not a parameter of the match (known: " + known + ")");
            }
        }
    }

    /** The first matching route, or null. {@code path} is the decoded, normalised path. */
    public RouteMatch match(String host, String method, String path, Route.HeaderLookup headers) {
        for (Route route : routes) {
            Map<String, String> params = route.path().match(path);
            if (params != null && route.matchesRequest(host, method, headers)) {
                return new RouteMatch(route, params);
            }
        }
        return null;
    }

    public List<Route> routes() {
        return routes;
    }
}
