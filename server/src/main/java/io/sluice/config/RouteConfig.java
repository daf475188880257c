package io.sluice.config;

/**
 * A route: when a request matches, it goes to {@code upstream} after the rewrites. Higher
 * {@code priority} wins; equal priorities fall back to specificity (see {@code RouteTable}).
 */
public record RouteConfig(String id, Integer priority, MatchConfig match, String upstream, RewriteConfig rewrite) {

    public RouteConfig {
        id = Checks.required("id", id);
        priority = Checks.range("priority", priority, 0, -1000, 1000);
        if (match == null) {
            throw ConfigException.missing("match");
        }
        upstream = Checks.required("upstream", upstream);
        rewrite = Checks.orDefault(rewrite, RewriteConfig.NONE);
        if (rewrite.stripPrefix() && match.pathPrefix() == null) {
            throw ConfigException.invalid("rewrite.stripPrefix", true, "only routes matched by pathPrefix can strip it");
        }
    }
}
