package io.sluice.trace;

import java.util.Locale;

/** The node's trace buffers, as {@code GET /admin/v1/traces?list=} names them. */
public enum TraceList {
    /** Every kept trace, newest first. */
    RECENT,
    /** The slowest kept traces, slowest first. */
    SLOWEST,
    /** Kept because they failed, newest first. */
    FAILED;

    /** The list named {@code name} (recent when absent). */
    public static TraceList parse(String name) {
        if (name == null || name.isBlank()) {
            return RECENT;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "recent" -> RECENT;
            case "slowest" -> SLOWEST;
            case "failed" -> FAILED;
            default -> throw new IllegalArgumentException("list must be recent, slowest or failed; got '" + name + "'");
        };
    }
}
