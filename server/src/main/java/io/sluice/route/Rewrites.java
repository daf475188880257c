package io.sluice.route;

import io.sluice.config.RewriteConfig;
import java.util.Map;

/**
 * Pure path rewrites. Prefix stripping works on the raw (still encoded) path so encoded bytes
 * pass unchanged; template params were captured from the decoded path and are re-encoded.
 */
public final class Rewrites {

    private Rewrites() {
    }

    /**
     * The Host to send upstream: the client's ({@code keep}), the endpoint's {@code host:port}
     * ({@code upstream}) or the literal the route names. Never null.
     */
    public static String upstreamHost(RewriteConfig rewrite, String clientHost, String endpointAuthority) {
        String host = switch (rewrite.host()) {
            case "keep" -> clientHost;
            case "upstream" -> endpointAuthority;
            default -> rewrite.host();
        };
        return host == null ? endpointAuthority : host;
    }

    /**
     * The path to send upstream. {@code stripPrefix} removes the matched prefix (keeping a leading
     * '/'); a {@code path} template substitutes the captured params; otherwise the path is unchanged.
     */
    public static String upstreamPath(Route route, Map<String, String> params, String rawPath) {
        RewriteConfig rewrite = route.rewrite();
        if (rewrite.stripPrefix() && route.path() instanceof PathPattern.Prefix p) {
            // The prefix matched the decoded path on segment boundaries; drop as many segments from the
            // raw path, so that encoded (/%61pi) or parameterised (/api;v=1) segments are removed whole.
            String prefix = p.prefix().endsWith("/") ? p.prefix().substring(0, p.prefix().length() - 1) : p.prefix();
            int segments = (int) prefix.chars().filter(c -> c == '/').count();
            int at = 0;
            for (int i = 0; i < segments && at >= 0; i++) {
                at = rawPath.indexOf('/', at + 1);
            }
            String rest = at < 0 ? "" : rawPath.substring(at);
            return rest.isEmpty() ? "/" : rest;
        }
        if (rewrite.path() != null) {
            String target = rewrite.path();
            for (Map.Entry<String, String> e : params.entrySet()) {
                target = target.replace("{" + e.getKey() + "}", org.eclipse.jetty.util.URIUtil.encodePath(e.getValue()));
            }
            return target;
        }
        return rawPath;
    }
}
