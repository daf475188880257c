package io.sluice.events;

import io.sluice.model.TraceRecord;
import io.sluice.trace.TraceFilter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one subscriber wants: event types, and for traces only a route, a status (class or code)
 * and a minimum duration. Parsed from the stream's query ({@code types=trace,metrics&route=shop&
 * status=5xx,429&minMillis=250}); every list is comma-separated and a repeated parameter adds to
 * it. Immutable; {@link #accepts} runs on the publishing thread, so it only compares.
 */
public final class EventFilter {

    public static final String TYPES = "types";
    public static final String ROUTE = "route";
    public static final String STATUS = "status";
    public static final String MIN_MILLIS = "minMillis";
    private static final List<String> PARAMETERS = List.of(TYPES, ROUTE, STATUS, MIN_MILLIS);

    /** Everything, unfiltered. */
    public static final EventFilter ALL = new EventFilter(EventType.ALL, TraceFilter.ANY, "");

    private final int typeBits;
    private final Set<EventType> types;
    /** The trace part, matched by the same code as the admin API's trace list. */
    private final TraceFilter traces;
    /** The trace part as parsed, for {@link #toString()}. */
    private final String traceSummary;

    private EventFilter(Set<EventType> types, TraceFilter traces, String traceSummary) {
        EnumSet<EventType> all = EnumSet.copyOf(types);
        all.add(EventType.DROPPED); // a subscriber is always told what it lost
        int bits = 0;
        for (EventType t : all) {
            bits |= t.bit();
        }
        this.typeBits = bits;
        this.types = Set.copyOf(all);
        this.traces = traces;
        this.traceSummary = traceSummary;
    }

    /**
     * Reads a filter from query parameters (name → values, in order).
     *
     * @throws IllegalArgumentException naming the parameter, the bad value and what is accepted
     */
    public static EventFilter parse(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a filter; filters are " + String.join(", ", PARAMETERS));
            }
        }
        List<String> typeNames = items(query, TYPES);
        Set<EventType> types = typeNames.isEmpty() ? EventType.ALL : EnumSet.noneOf(EventType.class);
        for (String name : typeNames) {
            types.add(EventType.of(name.toLowerCase(Locale.ROOT)));
        }
        Set<String> routes = new LinkedHashSet<>(items(query, ROUTE));
        List<String> statuses = items(query, STATUS);
        long minMicros = minMicros(items(query, MIN_MILLIS));
        TraceFilter traces = TraceFilter.forRoutes(routes, String.join(",", statuses), minMicros); // its errors name "status"
        StringBuilder summary = new StringBuilder();
        if (!routes.isEmpty()) {
            summary.append(' ').append(ROUTE).append('=').append(String.join(",", routes));
        }
        if (!statuses.isEmpty()) {
            summary.append(' ').append(STATUS).append('=').append(String.join(",", statuses).toLowerCase(Locale.ROOT));
        }
        if (minMicros > 0) {
            summary.append(' ').append(MIN_MILLIS).append('=').append(minMicros / 1000);
        }
        return new EventFilter(types, traces, summary.toString());
    }

    private static List<String> items(Map<String, List<String>> query, String name) {
        List<String> out = new ArrayList<>();
        for (String value : query.getOrDefault(name, List.of())) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.strip());
                }
            }
        }
        return out;
    }

    private static long minMicros(List<String> values) {
        if (values.isEmpty()) {
            return 0;
        }
        String v = values.getLast();
        if (values.size() > 1 || !v.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(MIN_MILLIS + ": '" + String.join(",", values)
                    + "' is not a duration; use one whole number of milliseconds, 0 to 999999999");
        }
        return Long.parseLong(v) * 1000;
    }

    /** True when this subscriber wants {@code payload} of type {@code type}. */
    public boolean accepts(EventType type, Object payload) {
        if ((typeBits & type.bit()) == 0) {
            return false;
        }
        if (type != EventType.TRACE) {
            return true;
        }
        return traces.matches((TraceRecord) payload);
    }

    public boolean wants(EventType type) {
        return (typeBits & type.bit()) != 0;
    }

    int typeBits() {
        return typeBits;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(TYPES).append('=');
        sb.append(String.join(",", types.stream().filter(t -> t != EventType.DROPPED).sorted().map(EventType::wire).toList()));
        sb.append(traceSummary);
        return sb.toString();
    }
}
