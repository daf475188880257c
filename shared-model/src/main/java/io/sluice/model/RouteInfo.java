package io.sluice.model;

import java.util.List;

/**
 * A route as the running config defines it: what it matches, where it sends (upstream ids, with
 * weights when split), which rate-limit policy and authentication it applies.
 */
public record RouteInfo(String id, List<String> hosts, String path, List<String> methods, List<String> upstreams,
                        String rateLimit, List<String> auth) {
}
