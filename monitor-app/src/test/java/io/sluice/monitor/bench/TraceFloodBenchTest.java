package io.sluice.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arguments and the traffic it makes; the benchmark itself is run by hand. */
class TraceFloodBenchTest {

    @Test
    void optionsHaveTheDefaultsOfTheRequirementAndRefuseNonsense() {
        assertThat(TraceFloodBench.Options.parse(new String[0]))
                .isEqualTo(new TraceFloodBench.Options(5_000, 20, 5, 500));
        assertThat(TraceFloodBench.Options.parse(new String[] {"--rate", "20000", "--seconds", "3", "--warmup", "0",
                "--select-ms", "0"})).isEqualTo(new TraceFloodBench.Options(20_000, 3, 0, 0));
        assertThatThrownBy(() -> TraceFloodBench.Options.parse(new String[] {"--rate"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> TraceFloodBench.Options.parse(new String[] {"--rate", "fast"}))
                .hasMessageContaining("'fast'");
        assertThatThrownBy(() -> TraceFloodBench.Options.parse(new String[] {"--rate", "0"}))
                .hasMessageContaining("1 or more");
        assertThatThrownBy(() -> TraceFloodBench.Options.parse(new String[] {"--speed", "1"}))
                .hasMessageContaining("unknown option --speed");
    }

    @Test
    void syntheticTracesLookLikeABusyCluster() {
        SyntheticTraces traces = new SyntheticTraces(7);
        List<TraceRecord> sample = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sample.add(traces.next(1_000_000L * i));
        }

        assertThat(sample).extracting(TraceRecord::node).containsOnlyElementsOf(SyntheticTraces.NODES)
                .containsAll(SyntheticTraces.NODES);
        assertThat(sample).extracting(TraceRecord::route).containsAll(SyntheticTraces.ROUTES);
        assertThat(sample).extracting(TraceRecord::status).contains(200, 304, 404, 429, 502, 503);
        assertThat(sample).anyMatch(t -> t.failure() != null);
        assertThat(sample).allSatisfy(t -> {
            assertThat(t.spans()).extracting(SpanRecord::name)
                    .containsExactly("route", "limiter", "connect", "upstream-headers", "body");
            assertThat(t.requestHeaders().size() + t.responseHeaders().size()).isEqualTo(12);
            SpanRecord last = t.spans().getLast();
            assertThat(last.startMicros() + last.durationMicros()).isLessThanOrEqualTo(t.durationMicros());
        });
        assertThat(sample).extracting(TraceRecord::traceId).doesNotHaveDuplicates();
    }
}
