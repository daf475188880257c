package io.sluice.trace;

import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import io.sluice.observe.AccessRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Turns a finished request's {@link RequestTrace} and access record into the {@link TraceRecord}
 * the admin API and the live stream show. Only kept or watched requests get here, so this is
 * where strings are made. Credentials never leave: {@link #SECRET_HEADERS} and the route's API-key
 * header are replaced by {@value #REDACTED}.
 */
final class TraceRecords {

    static final String REDACTED = "[redacted]";
    /** Lower-case names of headers that carry credentials. */
    static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key");

    private TraceRecords() {
    }

    /**
     * @param host     the host the request was routed by
     * @param nowNanos when the request ended (closes spans a failure left open)
     */
    static TraceRecord build(RequestTrace trace, AccessRecord access, String host, HttpFields requestHeaders,
                             HttpFields responseHeaders, String kept, long nowNanos) {
        List<SpanRecord> spans = new ArrayList<>(trace.spanCount());
        for (int i = 0; i < trace.spanCount(); i++) {
            long start = trace.spanStart(i);
            long end = trace.spanEnd(i, nowNanos);
            spans.add(new SpanRecord(trace.kind(i).label(), Math.max(0, (start - trace.startNanos) / 1000),
                    Math.max(0, (end - start) / 1000), detail(trace, i, access)));
        }
        spans.sort(Comparator.comparingLong(SpanRecord::startMicros)); // stable: ties stay in the order they began
        return new TraceRecord(TraceParent.hex(trace.traceIdHigh, trace.traceIdLow), TraceParent.hex(trace.spanId),
                trace.parentSpanId == 0 ? null : TraceParent.hex(trace.parentSpanId), access.requestId(), access.node(),
                access.epochMillis() * 1000, access.totalMicros(), access.method(), host, access.path(), access.protocol(),
                access.route(), access.upstream(), access.endpoint(), access.status(), access.failure(), access.attempts(),
                kept, headers(requestHeaders, trace.secretHeader()), headers(responseHeaders, null), List.copyOf(spans));
    }

    /** {@code attempt 2 http://10.0.0.7:8080 503}, {@code default}, {@code 1234 bytes CLIENT_ABORTED}, ... */
    private static String detail(RequestTrace trace, int span, AccessRecord access) {
        StringBuilder sb = new StringBuilder();
        Span kind = trace.kind(span);
        int attempt = trace.attempt(span);
        if (attempt > 0 && (kind == Span.BREAKER || kind == Span.CONNECT || kind == Span.UPSTREAM_HEADERS)) {
            sb.append("attempt ").append(attempt);
        }
        word(sb, trace.note(span));
        if (kind == Span.BODY) {
            word(sb, access.bytesOut() + " bytes");
        }
        if (trace.status(span) != 0) {
            word(sb, Integer.toString(trace.status(span)));
        }
        word(sb, trace.outcome(span));
        return sb.isEmpty() ? null : sb.toString();
    }

    private static void word(StringBuilder sb, String word) {
        if (word != null) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(word);
        }
    }

    /** Lower-case names (as HTTP/2 sends them), repeated fields joined with ", ", credentials redacted. */
    static Map<String, String> headers(HttpFields fields, String secretHeader) {
        Map<String, String> out = new LinkedHashMap<>();
        if (fields == null) {
            return Map.of();
        }
        for (HttpField field : fields) {
            String name = field.getLowerCaseName();
            if (SECRET_HEADERS.contains(name) || name.equalsIgnoreCase(secretHeader)) {
                out.put(name, REDACTED);
            } else {
                out.merge(name, field.getValue() == null ? "" : field.getValue(), (a, b) -> a + ", " + b);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
