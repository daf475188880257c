package io.sluice.monitor.traces;

import io.sluice.model.TraceRecord;
import java.util.Objects;

/**
 * The operator's current filter, immutable so the drain can test thousands of traces against one
 * value without reading properties. {@code null} node or route means all of them.
 */
record TraceFilter(String node, String route, StatusFilter status, long minMicros) {

    static final TraceFilter ALL = new TraceFilter(null, null, StatusFilter.ALL, 0);

    TraceFilter {
        Objects.requireNonNull(status, "status");
    }

    boolean test(TraceRecord t) {
        return (node == null || node.equals(t.node()))
                && (route == null || route.equals(t.route()))
                && t.durationMicros() >= minMicros
                && status.test(t);
    }
}
