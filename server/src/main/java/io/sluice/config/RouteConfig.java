package io.sluice.config;

import java.util.List;

/**
 * A route: when a request matches, it goes to {@code upstream} (or to one group of a weighted
 * {@code split}, where {@code pin} can colour requests to a group) after the rewrites. Higher
 * {@code priority} wins; equal priorities fall back to specificity (see {@code RouteTable}).
 * {@code rateLimit} names a policy; {@code maxInFlight} sheds requests beyond that many in flight
 * on this route on one node (0 = no route limit). {@code auth} (optional, see {@link AuthConfig})
 * requires callers to authenticate before anything else is spent on them.
 */
public record RouteConfig(String id, Integer priority, MatchConfig match, String upstream, List<SplitConfig> split,
                          PinConfig pin, RewriteConfig rewrite, String rateLimit, Integer maxInFlight, AuthConfig auth) {

    /** A route to one upstream with no split, policy, in-flight limit or authentication. */
    public RouteConfig(String id, Integer priority, MatchConfig match, String upstream, RewriteConfig rewrite) {
        this(id, priority, match, upstream, null, null, rewrite, null, null, null);
    }

    /** A route without authentication. */
    public RouteConfig(String id, Integer priority, MatchConfig match, String upstream, List<SplitConfig> split,
                       PinConfig pin, RewriteConfig rewrite, String rateLimit, Integer maxInFlight) {
        this(id, priority, match, upstream, split, pin, rewrite, rateLimit, maxInFlight, null);
    }

    public RouteConfig {
        id = Checks.required("id", id);
        priority = Checks.range("priority", priority, 0, -1000, 1000);
        if (match == null) {
            throw ConfigException.missing("match");
        }
        split = Checks.list(split);
        if (upstream == null && split.isEmpty()) {
            throw new ConfigException("upstream", "is required (or a split between upstreams)");
        }
        if (upstream != null && !split.isEmpty()) {
            throw new ConfigException("split", "set upstream or split, not both");
        }
        if (!split.isEmpty()) {
            SharedConfig.unique("split", split.stream().map(SplitConfig::upstream).toList(), "upstream");
            if (split.stream().mapToInt(SplitConfig::weight).sum() == 0) {
                throw new ConfigException("split", "at least one weight must be above 0");
            }
        }
        if (pin != null && split.isEmpty()) {
            throw new ConfigException("pin", "only a route with a split can pin requests to a group");
        }
        maxInFlight = Checks.range("maxInFlight", maxInFlight, 0, 0, 1_000_000);
        rewrite = Checks.orDefault(rewrite, RewriteConfig.NONE);
        if (rewrite.stripPrefix() && match.pathPrefix() == null) {
            throw ConfigException.invalid("rewrite.stripPrefix", true, "only routes matched by pathPrefix can strip it");
        }
    }
}
