package io.sluice.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a live stream ({@code GET /admin/v1/events}) carries: the event types wanted (empty: all of
 * them), and for traces a route id, a status ({@code 503} or {@code 5xx}) and a minimum duration.
 * The node filters, so a narrow filter also means less to read.
 */
public record EventFilter(List<String> types, String route, String status, Long minMillis) {

    /** The event names a node sends. */
    public static final Set<String> TYPES = Set.of("trace", "breaker", "config", "health", "metrics", "dropped");

    public EventFilter {
        types = types == null ? List.of() : List.copyOf(types);
        for (String t : types) {
            if (!TYPES.contains(t)) {
                throw new IllegalArgumentException("event type '" + t + "' is unknown; types are "
                        + String.join(", ", TYPES.stream().sorted().toList()));
            }
        }
        if (minMillis != null && minMillis < 0) {
            throw new IllegalArgumentException("minMillis must be 0 or more, got " + minMillis);
        }
    }

    /** Every event the node sends. */
    public static EventFilter all() {
        return new EventFilter(List.of(), null, null, null);
    }

    /** Only these event types, unfiltered. */
    public static EventFilter types(String... types) {
        return new EventFilter(List.of(types), null, null, null);
    }

    Map<String, String> parameters() {
        Map<String, String> q = new LinkedHashMap<>();
        Queries.put(q, "types", types.isEmpty() ? null : String.join(",", types));
        Queries.put(q, "route", route);
        Queries.put(q, "status", status);
        Queries.put(q, "minMillis", minMillis);
        return q;
    }
}
