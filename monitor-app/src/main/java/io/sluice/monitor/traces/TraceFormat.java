package io.sluice.monitor.traces;

import io.sluice.model.TraceRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How traces read in the monitor: times, milliseconds and the one-paragraph summary of a request. */
public final class TraceFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private TraceFormat() {
    }

    /** {@code 12.3}; two decimals under a millisecond, where the first would round to 0.0. */
    public static String millis(long micros) {
        double ms = micros / 1000.0;
        return String.format(Locale.ROOT, micros < 1000 ? "%.2f" : "%.1f", ms);
    }

    /** The request's start as local wall-clock time, {@code 14:03:07.251}. */
    public static String time(TraceRecord t, ZoneId zone) {
        long micros = t.startEpochMicros();
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
        return TIME.format(at.atZone(zone));
    }

    /** {@code 1,234} */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * Three lines: what was asked and answered, where it went, and how to find it again.
     * <pre>
     * GET api.example.com /api/small → 200 in 12.3 ms
     * node node-1 · route api · upstream demo · endpoint http://10.0.0.7:8080 · attempts 1
     * trace 4bf92f3577b34da6a3ce929d0e0e4736 · span 00f067aa0ba902b7 · kept sampled · HTTP/1.1
     * </pre>
     */
    public static String summary(TraceRecord t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.method()).append(' ').append(orDash(t.host())).append(' ').append(t.path())
                .append(" → ").append(t.status()).append(" in ").append(millis(t.durationMicros())).append(" ms");
        if (t.failure() != null) {
            sb.append(" · failure ").append(t.failure());
        }
        sb.append("\nnode ").append(orDash(t.node()))
                .append(" · route ").append(orDash(t.route()))
                .append(" · upstream ").append(orDash(t.upstream()))
                .append(" · endpoint ").append(orDash(t.endpoint()))
                .append(" · attempts ").append(t.attempts());
        sb.append("\ntrace ").append(orDash(t.traceId()))
                .append(" · span ").append(orDash(t.spanId()));
        if (t.parentSpanId() != null) {
            sb.append(" · parent ").append(t.parentSpanId());
        }
        sb.append(" · kept ").append(orDash(t.kept()));
        if (t.protocol() != null) {
            sb.append(" · ").append(t.protocol());
        }
        if (t.requestId() != null) {
            sb.append(" · request ").append(t.requestId());
        }
        return sb.toString();
    }

    static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
