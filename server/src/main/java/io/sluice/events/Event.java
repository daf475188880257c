package io.sluice.events;

import io.sluice.cluster.Json;
import java.nio.charset.StandardCharsets;

/**
 * One published event: a node-wide sequence number (the SSE {@code id:}), its type and its payload
 * (a shared-model record). Shared by every subscriber that accepted it; its SSE message is written
 * once, lazily, by the first stream that sends it, so the JSON never costs the publishing thread.
 */
public final class Event {

    private final long id;
    private final EventType type;
    private final Object payload;
    /** The encoded message; a benign race may build it twice, never differently. */
    private volatile byte[] frame;

    Event(long id, EventType type, Object payload) {
        this.id = id;
        this.type = type;
        this.payload = payload;
    }

    public long id() {
        return id;
    }

    public EventType type() {
        return type;
    }

    public Object payload() {
        return payload;
    }

    /** The event as an SSE message: {@code id:}, {@code event:}, {@code data:} lines and a blank line. */
    public byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = encode(id, type, Json.write(payload));
            frame = f;
        }
        return f;
    }

    static byte[] encode(long id, EventType type, String json) {
        StringBuilder sb = new StringBuilder(json.length() + 48);
        sb.append("id: ").append(id).append('\n');
        sb.append("event: ").append(type.wire()).append('\n');
        // Compact JSON has no raw line breaks; split anyway, as SSE requires one data: line per line.
        for (String line : json.split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return type.wire() + " #" + id + " " + payload;
    }
}
