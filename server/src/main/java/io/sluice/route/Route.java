package io.sluice.route;

import io.sluice.config.RewriteConfig;
import java.util.Map;
import java.util.Set;

/**
 * A compiled route: the match conditions, the upstream it sends to, and its rewrites.
 * {@code order} is the declaration index, the last tie-breaker.
 */
public record Route(String id, int priority, HostMatcher hosts, PathPattern path, Set<String> methods,
                    Map<String, String> headers, String upstreamId, RewriteConfig rewrite, int order) {

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
