package io.sluice.events;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of live events, by the name they carry in the stream's {@code event:} line. */
public enum EventType {
    TRACE, BREAKER, CONFIG, HEALTH, METRICS,
    /** Sent to one subscriber when it lost events; never filtered out. */
    DROPPED;

    /** What a subscriber gets when it names no types: everything. */
    public static final Set<EventType> ALL = EnumSet.allOf(EventType.class);

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The SSE event name. */
    public String wire() {
        return wire;
    }

    int bit() {
        return 1 << ordinal();
    }

    /** @throws IllegalArgumentException naming the value and the accepted names */
    public static EventType of(String name) {
        for (EventType t : values()) {
            if (t.wire.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("types: '" + name + "' is not an event type; use "
                + Arrays.stream(values()).map(EventType::wire).collect(Collectors.joining(", ")));
    }
}
