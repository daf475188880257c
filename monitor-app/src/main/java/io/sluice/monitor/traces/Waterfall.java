package io.sluice.monitor.traces;

import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of one request laid out on its timeline, as fractions of the request's duration, so
 * a view draws each bar at {@code offset * width} without knowing microseconds. The timeline is the
 * request's duration, or the end of its last span if a span outlasted it (clocks are read at
 * slightly different points), so every bar fits.
 *
 * @param totalMicros the length of the timeline
 */
public record Waterfall(long totalMicros, List<Bar> bars) {

    public static final Waterfall EMPTY = new Waterfall(0, List.of());

    public Waterfall {
        bars = List.copyOf(bars);
    }

    /**
     * One span.
     *
     * @param offset where it starts, 0..1 of the timeline
     * @param width  how long it took, 0..1 of the timeline
     * @param label  {@code upstream-headers 12.3 ms @ +1.2 ms}
     * @param detail the node's short note (endpoint, attempt, outcome); null if none
     */
    public record Bar(String name, double offset, double width, String label, String detail) {
    }

    public static Waterfall of(TraceRecord trace) {
        List<SpanRecord> spans = trace.spans() == null ? List.of() : trace.spans();
        long total = Math.max(0, trace.durationMicros());
        for (SpanRecord s : spans) {
            total = Math.max(total, s.startMicros() + s.durationMicros());
        }
        double timeline = Math.max(1, total);
        List<Bar> bars = new ArrayList<>(spans.size());
        for (SpanRecord s : spans) {
            String label = s.name() + " " + TraceFormat.millis(s.durationMicros()) + " ms @ +"
                    + TraceFormat.millis(s.startMicros()) + " ms";
            bars.add(new Bar(s.name(), s.startMicros() / timeline, s.durationMicros() / timeline, label, s.detail()));
        }
        return new Waterfall(total, bars);
    }
}
