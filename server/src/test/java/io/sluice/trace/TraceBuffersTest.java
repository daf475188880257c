package io.sluice.trace;

import static io.sluice.testing.TestTraces.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.TraceRecord;
import io.sluice.testing.TestTraces;
import org.junit.jupiter.api.Test;

/** The bounded buffers: rings overwrite their oldest, the slowest list keeps the top N. */
class TraceBuffersTest {

    private final TraceBuffers buffers = new TraceBuffers(3, 2, 2);

    @Test
    void shouldListTheNewestFirstAndForgetTheOldestWhenTheRingIsFull() {
        for (String id : new String[] {"a", "b", "c", "d"}) {
            buffers.add(record(id, "r", 200, 10), false);
        }

        assertThat(buffers.snapshot(TraceList.RECENT)).extracting(TraceRecord::requestId).containsExactly("d", "c", "b");
    }

    @Test
    void shouldPutOnlyFailuresInTheFailedRingWhenBothKindsArrive() {
        buffers.add(record("ok", "r", 200, 10), false);
        buffers.add(record("e1", "r", 500, 10), true);
        buffers.add(record("e2", "r", 502, 10), true);
        buffers.add(record("e3", "r", 504, 10), true);

        assertThat(buffers.snapshot(TraceList.FAILED)).extracting(TraceRecord::requestId).containsExactly("e3", "e2");
    }

    @Test
    void shouldKeepTheSlowestSlowestFirstWhenFasterOnesArriveLater() {
        buffers.add(record("300", "r", 200, 300), false);
        buffers.add(record("100", "r", 200, 100), false);
        buffers.add(record("500", "r", 200, 500), false);
        buffers.add(record("200", "r", 200, 200), false);

        assertThat(buffers.snapshot(TraceList.SLOWEST)).extracting(TraceRecord::requestId).containsExactly("500", "300");
    }

    @Test
    void shouldFilterAndLimitWhenReadThroughTheTracer() {
        Tracer tracer = new Tracer(TestTraces.config(), ScriptedRandom::new);
        RequestTrace trace = tracer.start(org.eclipse.jetty.http.HttpFields.EMPTY, 0);
        tracer.finish(trace, TestTraces.access("a", "orders", 500, null, 10), "h", null, null);
        tracer.finish(trace, TestTraces.access("b", "items", 503, null, 2_000), "h", null, null);
        tracer.finish(trace, TestTraces.access("c", "items", 404, "NO_ROUTE", 3_000), "h", null, null);
        tracer.finish(trace, TestTraces.access("d", "items", 502, null, 4_000), "h", null, null);

        assertThat(tracer.traces(TraceList.RECENT, TraceFilter.of("items", "5xx", 1L), 1))
                .extracting(TraceRecord::requestId).containsExactly("d");
        assertThat(tracer.traces(TraceList.FAILED, TraceFilter.of(null, "404,500,502", null), 10))
                .as("the failed ring holds 3: a is gone").extracting(TraceRecord::requestId).containsExactly("d", "c");
    }
}
