package io.sluice.config;

import java.util.List;
import java.util.Map;

/**
 * What a request must look like to take a route. Exactly one of {@code path} (exact),
 * {@code pathPrefix} or {@code pathTemplate} ({@code /users/{id}}); hosts may start with
 * {@code *.}; methods and headers (exact value) are optional.
 */
public record MatchConfig(List<String> hosts, String path, String pathPrefix, String pathTemplate,
                          List<String> methods, Map<String, String> headers) {

    public MatchConfig {
        hosts = Checks.list(hosts).stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
        methods = Checks.list(methods);
        headers = Checks.map(headers);
        int kinds = (path != null ? 1 : 0) + (pathPrefix != null ? 1 : 0) + (pathTemplate != null ? 1 : 0);
        if (kinds != 1) {
            throw new ConfigException("path", "set exactly one of path (exact), pathPrefix or pathTemplate, found " + kinds);
        }
        for (String[] p : new String[][] {{"path", path}, {"pathPrefix", pathPrefix}, {"pathTemplate", pathTemplate}}) {
            if (p[1] != null && !p[1].startsWith("/")) {
                throw ConfigException.invalid(p[0], p[1], "must start with '/'");
            }
        }
        for (String m : methods) {
            if (!m.matches("[A-Z]+")) {
                throw ConfigException.invalid("methods", m, "an upper-case HTTP method such as GET");
            }
        }
        for (String h : hosts) {
            if (!h.matches("(\\*\\.)?[a-z0-9.-]+(:\\d+)?")) {
                throw ConfigException.invalid("hosts", h, "a host name, optionally starting with '*.'");
            }
        }
    }
}
