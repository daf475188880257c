package io.sluice.events;

import io.sluice.model.TraceRecord;
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
    public static final EventFilter ALL = new EventFilter(EventType.ALL, Set.of(), List.of(), 0);

    /** Statuses from {@code low} to {@code high}, both included: {@code 5xx} is 500..599. */
    private record StatusRange(int low, int high) {
        boolean contains(int status) {
            return status >= low && status <= high;
        }

        @Override
        public String toString() {
            return low == high ? String.valueOf(low) : low / 100 + "xx";
        }
    }

    private final int typeBits;
    private final Set<EventType> types;
    private final Set<String> routes;
    private final List<StatusRange> statuses;
    private final long minMicros;

    private EventFilter(Set<EventType> types, Set<String> routes, List<StatusRange> statuses, long minMicros) {
        EnumSet<EventType> all = EnumSet.copyOf(types);
        all.add(EventType.DROPPED); // a subscriber is always told what it lost
        int bits = 0;
        for (EventType t : all) {
            bits |= t.bit();
        }
        this.typeBits = bits;
        this.types = Set.copyOf(all);
        this.routes = Set.copyOf(routes);
        this.statuses = List.copyOf(statuses);
        this.minMicros = minMicros;
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
        List<StatusRange> statuses = new ArrayList<>();
        for (String status : items(query, STATUS)) {
            statuses.add(status(status));
        }
        return new EventFilter(types, new LinkedHashSet<>(items(query, ROUTE)), statuses, minMicros(items(query, MIN_MILLIS)));
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

    private static StatusRange status(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (v.length() == 3 && v.charAt(0) >= '1' && v.charAt(0) <= '5') {
            if (v.endsWith("xx")) {
                int low = (v.charAt(0) - '0') * 100;
                return new StatusRange(low, low + 99);
            }
            if (Character.isDigit(v.charAt(1)) && Character.isDigit(v.charAt(2))) {
                int code = Integer.parseInt(v);
                return new StatusRange(code, code);
            }
        }
        throw new IllegalArgumentException("status: '" + s + "' is not a status; use a class such as 5xx or a code"
                + " such as 503 (100 to 599), comma-separated");
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
        TraceRecord t = (TraceRecord) payload;
        if (t.durationMicros() < minMicros) {
            return false;
        }
        if (!routes.isEmpty() && (t.route() == null || !routes.contains(t.route()))) {
            return false;
        }
        if (statuses.isEmpty()) {
            return true;
        }
        for (StatusRange r : statuses) {
            if (r.contains(t.status())) {
                return true;
            }
        }
        return false;
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
        if (!routes.isEmpty()) {
            sb.append(' ').append(ROUTE).append('=').append(String.join(",", routes));
        }
        if (!statuses.isEmpty()) {
            sb.append(' ').append(STATUS).append('=').append(String.join(",", statuses.stream().map(StatusRange::toString).toList()));
        }
        if (minMicros > 0) {
            sb.append(' ').append(MIN_MILLIS).append('=').append(minMicros / 1000);
        }
        return sb.toString();
    }
}
