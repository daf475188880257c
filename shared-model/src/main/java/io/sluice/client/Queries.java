package io.sluice.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Query strings: parameters left out when null, values URL-encoded. */
final class Queries {

    private Queries() {
    }

    static void put(Map<String, String> query, String name, Object value) {
        if (value != null) {
            query.put(name, value.toString());
        }
    }

    /** {@code ?a=1&b=x%20y}, or the empty string without parameters. */
    static String encode(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&", "?", ""));
    }
}
