package io.sluice.config;

/**
 * What a route changes on the way through: the path (strip the matched prefix, or a template
 * using the route's {params}), the Host header ({@code keep}, {@code upstream} or a literal name)
 * and request/response headers.
 */
public record RewriteConfig(Boolean stripPrefix, String path, String host, HeaderRules requestHeaders,
                            HeaderRules responseHeaders) {

    public static final RewriteConfig NONE = new RewriteConfig(null, null, null, null, null);

    public RewriteConfig {
        stripPrefix = Checks.orDefault(stripPrefix, Boolean.FALSE);
        if (path != null && !path.startsWith("/")) {
            throw ConfigException.invalid("path", path, "a path template starting with '/', e.g. /v2/users/{id}");
        }
        if (stripPrefix && path != null) {
            throw ConfigException.invalid("stripPrefix", true, "use either stripPrefix or path, not both");
        }
        host = Checks.orDefault(host, "keep");
        requestHeaders = Checks.orDefault(requestHeaders, HeaderRules.NONE);
        responseHeaders = Checks.orDefault(responseHeaders, HeaderRules.NONE);
    }
}
