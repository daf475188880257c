package io.sluice.route;

import io.sluice.config.RewriteConfig;
import java.util.Map;
import java.util.Set;

/**
 * A compiled route: the match conditions, the upstream (or weighted split) it sends to, its
 * rewrites, and its traffic policy (rate-limit policy id or null, in-flight limit or 0).
 * {@code order} is the declaration index, the last tie-breaker.
 */
public record Route(String id, int priority, HostMatcher hosts, PathPattern path, Set<String> methods,
                    Map<String, String> headers, UpstreamChoice target, RewriteConfig rewrite, int order,
                    String rateLimit, int maxInFlight) {

    /** A plain route to one upstream, without traffic policy. */
    public Route(String id, int priority, HostMatcher hosts, PathPattern path, Set<String> methods,
                 Map<String, String> headers, String upstreamId, RewriteConfig rewrite, int order) {
        this(id, priority, hosts, path, methods, headers, UpstreamChoice.single(upstreamId), rewrite, order, null, 0);
    }

    /** Whether everything but the path matches; header values compare exactly, names case-insensitively. */
    boolean matchesRequest(String host, String method, HeaderLookup headerLookup) {
        if (!methods.isEmpty() && !methods.contains(method)) {
            return false;
        }
        if (!hosts.matches(host)) {
            return false;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getValue().equals(headerLookup.get(h.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Reads one request header by name; lets the router stay free of Jetty types. */
    @FunctionalInterface
    public interface HeaderLookup {
        String get(String name);
    }
}
