package io.sluice.trace;

import io.sluice.upstream.ExchangeObserver;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * One request's trace while it runs: its W3C ids and its spans. Spans are primitive start/end
 * nanos in small arrays owned by the request's thread (no object per span; the arrays grow only
 * for requests with many retries); names and details become strings only if the trace is kept or
 * someone watches live. Not thread-safe: only the request's own thread touches it.
 *
 * <p>Use: {@code int s = trace.begin(Span.AUTH); ... trace.end(s);}. A span a failure interrupts
 * is closed by {@link #closeOpen} when the failure reaches the handler, so the request path does
 * not need a try/finally per span.
 */
public final class RequestTrace implements ExchangeObserver {

    /** The trace of every request while tracing is off: records nothing and sends no trace headers. */
    public static final RequestTrace OFF = new RequestTrace();

    static final int INITIAL_SPANS = 8;
    /** Spans beyond this are counted but not recorded (only reachable with many retries and open breakers). */
    static final int MAX_SPANS = 64;
    private static final long OPEN = Long.MIN_VALUE;
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    final long startNanos;
    final long traceIdHigh;
    final long traceIdLow;
    /** The caller's span id, 0 when it sent no valid traceparent. */
    final long parentSpanId;
    final long spanId;
    final int flags;
    /** The caller's tracestate to pass on, or null. */
    final String traceState;
    /** Drawn at the start against the sample rate: kept even when neither failed nor slow. */
    final boolean sampled;
    private String traceparent;
    private String secretHeader;

    private long[] times;
    /** Per span: kind ordinal | attempt << 8 | status << 16. */
    private int[] meta;
    private String[] notes;
    /** Per span: the failure that ended it; allocated with the first one. */
    private String[] outcomes;
    private int count;
    private int dropped;
    private int attempt;
    private String endpoint;

    private RequestTrace() {
        this(0, 0, 0, 0, 0, 0, null, false, false);
    }

    RequestTrace(long startNanos, long traceIdHigh, long traceIdLow, long parentSpanId, long spanId, int flags,
                 String traceState, boolean sampled) {
        this(startNanos, traceIdHigh, traceIdLow, parentSpanId, spanId, flags, traceState, sampled, true);
    }

    private RequestTrace(long startNanos, long traceIdHigh, long traceIdLow, long parentSpanId, long spanId, int flags,
                         String traceState, boolean sampled, boolean on) {
        this.startNanos = startNanos;
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.parentSpanId = parentSpanId;
        this.spanId = spanId;
        this.flags = flags;
        this.traceState = traceState;
        this.sampled = sampled;
        if (on) {
            times = new long[2 * INITIAL_SPANS];
            meta = new int[INITIAL_SPANS];
            notes = new String[INITIAL_SPANS];
        }
    }

    /** Whether this request is traced (tracing is on): then the proxy replaces the caller's trace headers with its own. */
    public boolean on() {
        return times != null;
    }

    /** Starts a span now; returns its handle for {@link #end}, -1 when nothing is recorded. */
    public int begin(Span kind) {
        return begin(kind, null);
    }

    /** Starts a span with a short note (a route, policy or endpoint id: a string that exists anyway). */
    public int begin(Span kind, String note) {
        return add(kind, System.nanoTime(), OPEN, note);
    }

    public void end(int span) {
        if (span >= 0 && times[2 * span + 1] == OPEN) {
            times[2 * span + 1] = System.nanoTime();
        }
    }

    /** Ends a span with the status it produced (the upstream's response status). */
    public void end(int span, int status) {
        if (span >= 0) {
            meta[span] = (meta[span] & 0xffff) | status << 16;
            end(span);
        }
    }

    /** Ends a span with the failure that interrupted it. */
    public void fail(int span, String failure) {
        if (span >= 0) {
            outcome(span, failure);
            end(span);
        }
    }

    /** Replaces a span's note (what became known during it, such as the identity auth admitted). */
    public void note(int span, String note) {
        if (span >= 0) {
            notes[span] = note;
        }
    }

    /** The attempt now starting and the endpoint it goes to: the detail of its breaker, connect and headers spans. */
    public void attempt(int number, String endpointOrigin) {
        if (times == null) {
            return; // OFF is shared by every request: it must stay as it is
        }
        this.attempt = number;
        this.endpoint = endpointOrigin;
    }

    /** The endpoint of the current attempt, or null before the first. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void connect(long startNanos, long endNanos, boolean opened) {
        int span = add(Span.CONNECT, startNanos, endNanos, endpoint);
        if (!opened && span >= 0) {
            outcome(span, "failed");
        }
    }

    /** Ends every span still open now, marking it with the failure that ended the request. */
    public void closeOpen(String failure) {
        if (times == null) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (times[2 * i + 1] == OPEN) {
                times[2 * i + 1] = now;
                if (failure != null && (outcomes == null || outcomes[i] == null)) {
                    outcome(i, failure);
                }
            }
        }
    }

    /** The request header that carries the route's API key: redacted in kept traces like Authorization. */
    public void secretHeader(String name) {
        if (times == null) {
            return;
        }
        this.secretHeader = name;
    }

    String secretHeader() {
        return secretHeader;
    }

    /**
     * Puts this node's trace context into a proxy→upstream request (whose caller's trace headers
     * were left out): {@link #traceparent()} and the caller's tracestate if it was kept. Nothing
     * while tracing is off, so the caller's headers pass through untouched.
     */
    public void toUpstream(HttpFields.Mutable headers) {
        if (times == null) {
            return;
        }
        headers.put(TRACEPARENT, traceparent());
        if (traceState != null) {
            headers.put(TRACESTATE, traceState);
        }
    }

    /** {@code 00-<trace id>-<this node's span id>-<flags>} for the upstream; formatted once per request, on first use. */
    public String traceparent() {
        if (traceparent == null) {
            traceparent = TraceParent.format(traceIdHigh, traceIdLow, spanId, flags);
        }
        return traceparent;
    }

    /** The caller's tracestate to send on, or null. */
    public String traceState() {
        return traceState;
    }

    /** Whether {@code field} is a W3C trace header, which a traced request's upstream gets from the node, not the caller. */
    public static boolean isTraceHeader(HttpField field) {
        String name = field.getName();
        int length = name.length();
        return length == 11 && name.equalsIgnoreCase(TRACEPARENT) || length == 10 && name.equalsIgnoreCase(TRACESTATE);
    }

    private int add(Span kind, long start, long end, String note) {
        if (times == null) {
            return -1;
        }
        if (count == meta.length && !grow()) {
            dropped++;
            return -1;
        }
        int i = count++;
        times[2 * i] = start;
        times[2 * i + 1] = end;
        meta[i] = kind.ordinal() | Math.min(attempt, 0xff) << 8;
        notes[i] = note;
        return i;
    }

    private boolean grow() {
        if (meta.length >= MAX_SPANS) {
            return false;
        }
        int size = Math.min(MAX_SPANS, meta.length * 2);
        times = Arrays.copyOf(times, 2 * size);
        meta = Arrays.copyOf(meta, size);
        notes = Arrays.copyOf(notes, size);
        if (outcomes != null) {
            outcomes = Arrays.copyOf(outcomes, size);
        }
        return true;
    }

    private void outcome(int span, String failure) {
        if (outcomes == null) {
            outcomes = new String[meta.length];
        }
        outcomes[span] = failure;
    }

    int spanCount() {
        return count;
    }

    int droppedSpans() {
        return dropped;
    }

    Span kind(int span) {
        return Span.of(meta[span] & 0xff);
    }

    int attempt(int span) {
        return (meta[span] >>> 8) & 0xff;
    }

    int status(int span) {
        return meta[span] >>> 16;
    }

    long spanStart(int span) {
        return times[2 * span];
    }

    /** The span's end, or {@code now} for one still open (a request that ended by an unexpected path). */
    long spanEnd(int span, long now) {
        long end = times[2 * span + 1];
        return end == OPEN ? now : end;
    }

    String note(int span) {
        return notes[span];
    }

    String outcome(int span) {
        return outcomes == null ? null : outcomes[span];
    }
}
