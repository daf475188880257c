package io.sluice.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which kept traces {@code GET /admin/v1/traces} returns: one of the node's buffers ({@code recent},
 * {@code slowest} or {@code failed}), narrowed by route id, status ({@code 503} or a class such as
 * {@code 5xx}) and minimum duration, at most {@code limit} of them. Null fields are not sent.
 */
public record TraceQuery(String list, String route, String status, Long minMillis, Integer limit) {

    private static final Set<String> LISTS = Set.of("recent", "slowest", "failed");

    public TraceQuery {
        if (list != null && !LISTS.contains(list)) {
            throw new IllegalArgumentException("list must be recent, slowest or failed, got '" + list + "'");
        }
        if (minMillis != null && minMillis < 0) {
            throw new IllegalArgumentException("minMillis must be 0 or more, got " + minMillis);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
        }
    }

    /** The node's most recent traces, unfiltered. */
    public static TraceQuery recent() {
        return new TraceQuery("recent", null, null, null, null);
    }

    Map<String, String> parameters() {
        Map<String, String> q = new LinkedHashMap<>();
        Queries.put(q, "list", list);
        Queries.put(q, "route", route);
        Queries.put(q, "status", status);
        Queries.put(q, "minMillis", minMillis);
        Queries.put(q, "limit", limit);
        return q;
    }
}
