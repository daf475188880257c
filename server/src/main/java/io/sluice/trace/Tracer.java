package io.sluice.trace;

import io.sluice.config.TracingConfig;
import io.sluice.model.TraceRecord;
import io.sluice.observe.AccessRecord;
import io.sluice.observe.LogBudget;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request tracing on one node ({@code node.tracing}). {@link #start} opens a request's
 * {@link RequestTrace}: it continues the caller's W3C trace when its {@code traceparent} is valid
 * (keeping a sane {@code tracestate}), else starts a new one, and draws the sample. {@link #finish}
 * decides at the end whether the trace is kept ({@link Kept}): only then, or while a live
 * {@link TraceSink} listens, is a {@link TraceRecord} built. Kept traces go to the
 * {@link TraceBuffers}; the live sink gets every built one.
 *
 * <p>Cost of an unkept, unwatched request: one small trace object with its span arrays, a few
 * random numbers, and the 55-character {@code traceparent} for the upstream; no lock, no strings
 * otherwise.
 */
public final class Tracer {

    private static final Logger LOG = LoggerFactory.getLogger(Tracer.class);
    private static final int SAMPLED_FLAG = 0x01;

    private final boolean enabled;
    private final double sampleRate;
    private final long slowMicros;
    private final Supplier<? extends RandomGenerator> random;
    private final TraceBuffers buffers;
    private final LogBudget failures = new LogBudget(5, Duration.ofMinutes(1), InstantSource.system());
    private volatile TraceSink live = TraceSink.NONE;

    public Tracer(TracingConfig config) {
        this(config, ThreadLocalRandom::current);
    }

    /** @param random the source of ids and samples, asked once per request on the request's thread */
    Tracer(TracingConfig config, Supplier<? extends RandomGenerator> random) {
        this.enabled = config.enabled();
        this.sampleRate = config.sampleRate();
        this.slowMicros = config.slowThreshold().toNanos() / 1000;
        this.random = random;
        this.buffers = new TraceBuffers(config.recent(), config.slowest(), config.failed());
    }

    public boolean enabled() {
        return enabled;
    }

    /** Where every built trace goes besides the buffers (the live stream); {@link TraceSink#NONE} to stop. */
    public void live(TraceSink sink) {
        this.live = sink == null ? TraceSink.NONE : sink;
    }

    /**
     * The trace of a request that started at {@code startNanos} with the client's {@code headers};
     * {@link RequestTrace#OFF} while tracing is off.
     */
    public RequestTrace start(HttpFields headers, long startNanos) {
        if (!enabled) {
            return RequestTrace.OFF;
        }
        String parentValue = null;
        boolean duplicateParent = false;
        String state = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            if (RequestTrace.isTraceHeader(field)) {
                if (field.getName().length() == 11) {
                    duplicateParent |= parentValue != null;
                    parentValue = field.getValue();
                } else {
                    state = state == null ? field.getValue() : state + "," + field.getValue();
                }
            }
        }
        RandomGenerator r = random.get();
        boolean sampled = sampleRate >= 1 || sampleRate > 0 && r.nextDouble() < sampleRate;
        long spanId = nonZero(r);
        // Two traceparent fields are as invalid as a malformed one: the spec says start over.
        TraceParent parent = duplicateParent ? null : TraceParent.parse(parentValue);
        if (parent != null) {
            return new RequestTrace(startNanos, parent.traceIdHigh(), parent.traceIdLow(), parent.parentId(), spanId,
                    parent.flags(), TraceState.accept(state), sampled);
        }
        long high;
        long low;
        do {
            high = r.nextLong();
            low = r.nextLong();
        } while (high == 0 && low == 0);
        return new RequestTrace(startNanos, high, low, 0, spanId, sampled ? SAMPLED_FLAG : 0, null, sampled);
    }

    /**
     * Ends a request's trace after its response: keeps it when it failed, was slow or was sampled,
     * and offers it to the live sink while one listens. Never throws.
     *
     * @param host the host the request was routed by
     */
    public void finish(RequestTrace trace, AccessRecord access, String host, HttpFields requestHeaders,
                       HttpFields responseHeaders) {
        if (!trace.on()) {
            return;
        }
        try {
            Kept kept = Kept.decide(access.status(), access.failure(), access.totalMicros(), slowMicros, trace.sampled);
            TraceSink sink = live;
            boolean listening = sink.listening();
            if (kept == null && !listening) {
                return;
            }
            TraceRecord record = TraceRecords.build(trace, access, host, requestHeaders, responseHeaders,
                    kept == null ? Kept.LIVE : kept.label(), System.nanoTime());
            if (kept != null) {
                buffers.add(record, kept == Kept.ERROR);
            }
            if (listening) {
                sink.offer(record);
            }
        } catch (RuntimeException e) {
            long dropped = failures.admit();
            if (dropped >= 0) {
                LOG.warn("trace of request {} not recorded{}", access.requestId(),
                        LogBudget.droppedSuffix(dropped, "trace failures"), e);
            }
        }
    }

    /**
     * Up to {@code limit} kept traces of one list that match {@code filter}: newest first, or for
     * {@link TraceList#SLOWEST} slowest first.
     */
    public List<TraceRecord> traces(TraceList list, TraceFilter filter, int limit) {
        List<TraceRecord> out = new ArrayList<>();
        for (TraceRecord trace : buffers.snapshot(list)) {
            if (out.size() >= limit) {
                break;
            }
            if (filter.matches(trace)) {
                out.add(trace);
            }
        }
        return out;
    }

    private static long nonZero(RandomGenerator r) {
        long id;
        do {
            id = r.nextLong();
        } while (id == 0);
        return id;
    }
}
