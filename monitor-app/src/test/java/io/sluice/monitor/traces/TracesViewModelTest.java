package io.sluice.monitor.traces;

import static io.sluice.monitor.traces.Traces.event;
import static io.sluice.monitor.traces.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.client.AdminEvent;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.SpanRecord;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.NodeState.Link;
import io.sluice.monitor.traces.Traces.FakeClock;
import io.sluice.monitor.traces.TracesViewModel.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/**
 * The trace list's logic without a toolkit: the test thread plays the UI thread (it calls
 * {@code drain()} itself) and a fake clock drives the rate.
 */
class TracesViewModelTest {

    private final FakeClock clock = new FakeClock();
    private TracesViewModel vm = new TracesViewModel(clock);

    private List<TraceRecord> offer(int n, String node, String route, int status, long micros) {
        List<TraceRecord> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TraceRecord t = trace(node, route, status, micros);
            vm.event(node, event(t));
            sent.add(t);
        }
        return sent;
    }

    @Test
    void tracesShowAfterADrainNewestFirstAndOtherEventsAreIgnored() {
        List<TraceRecord> sent = offer(3, "node-1", "api", 200, 1_000);
        vm.event("node-1", new AdminEvent("metrics", "m1", new MetricsSnapshot("node-1", "now", 1, 0, 1, 2, 0, 1, 2), null));
        vm.event("node-1", new AdminEvent("trace", "t9", "{unreadable json}", "{unreadable json}"));

        assertThat(vm.rows()).as("nothing before the UI thread drains").isEmpty();
        vm.drain();

        assertThat(vm.rows()).containsExactly(sent.get(2), sent.get(1), sent.get(0));
        assertThat(vm.receivedProperty().get()).isEqualTo(3);
    }

    @Test
    void aDrainChangesTheListOnceAndTheListNeverExceedsItsBound() {
        vm = new TracesViewModel(clock, new Limits(100, 50, 10));
        List<ListChangeListener.Change<? extends TraceRecord>> changes = new ArrayList<>();
        vm.rows().addListener((ListChangeListener<TraceRecord>) changes::add);

        List<TraceRecord> first = offer(30, "node-1", "api", 200, 1_000);
        vm.drain();
        assertThat(changes).hasSize(1);
        assertThat(vm.rows()).hasSize(10).startsWith(first.get(29)).endsWith(first.get(20));

        List<TraceRecord> second = offer(4, "node-1", "api", 200, 1_000);
        vm.drain();
        assertThat(changes).hasSize(2);
        assertThat(vm.rows()).hasSize(10)
                .startsWith(second.get(3), second.get(2), second.get(1), second.get(0), first.get(29))
                .endsWith(first.get(24));

        vm.drain();
        assertThat(changes).as("an empty drain leaves the list alone").hasSize(2);
        assertThat(vm.statusProperty().get()).contains("showing 10 of 34 kept (34 received)");
    }

    @Test
    void aFullIntakeSkipsTheOldestAndCountsThemAndDroppedEventsAreCounted() {
        vm = new TracesViewModel(clock, new Limits(5, 50, 10));
        List<TraceRecord> sent = offer(8, "node-1", "api", 200, 1_000);
        vm.event("node-2", new AdminEvent("dropped", null, new StreamEvent.Dropped(40, "2026-05-04T10:15:30Z"), null));
        vm.event("node-1", new AdminEvent("dropped", null, new StreamEvent.Dropped(2, "2026-05-04T10:15:31Z"), null));
        vm.drain();

        assertThat(vm.rows()).containsExactly(sent.get(7), sent.get(6), sent.get(5), sent.get(4), sent.get(3));
        assertThat(vm.skippedProperty().get()).isEqualTo(3);
        assertThat(vm.droppedProperty().get()).isEqualTo(42);
        assertThat(vm.receivedProperty().get()).isEqualTo(8);
        assertThat(vm.statusProperty().get()).contains("dropped by nodes 42").contains("skipped by the monitor 3");
    }

    @Test
    void nodeRouteAndStatusFiltersAndTheirChoices() {
        TraceRecord ok = trace("node-1", "api", 200, 1_000);
        TraceRecord moved = trace("node-2", "all", 302, 1_000);
        TraceRecord missing = trace("node-1", "all", 404, 1_000);
        TraceRecord unavailable = trace("node-2", "api", 503, 1_000);
        TraceRecord reset = trace("node-1", "api", 200, 1_000, "UPSTREAM_RESET");
        for (TraceRecord t : List.of(ok, moved, missing, unavailable, reset)) {
            vm.event(t.node(), event(t));
        }
        vm.nodes(List.of(new NodeState("node-3", "https://n3", Link.UP, null, null, null, true)));
        vm.drain();

        assertThat(vm.nodes()).containsExactly(TracesViewModel.ALL, "node-1", "node-2", "node-3");
        assertThat(vm.routes()).containsExactly(TracesViewModel.ALL, "all", "api");

        vm.nodeFilterProperty().set("node-2");
        assertThat(vm.rows()).containsExactly(unavailable, moved);
        vm.nodeFilterProperty().set(TracesViewModel.ALL);
        vm.routeFilterProperty().set("all");
        assertThat(vm.rows()).containsExactly(missing, moved);
        vm.routeFilterProperty().set(TracesViewModel.ALL);

        vm.statusFilterProperty().set(StatusFilter.SUCCESS);
        assertThat(vm.rows()).containsExactly(reset, ok);
        vm.statusFilterProperty().set(StatusFilter.REDIRECT);
        assertThat(vm.rows()).containsExactly(moved);
        vm.statusFilterProperty().set(StatusFilter.CLIENT_ERROR);
        assertThat(vm.rows()).containsExactly(missing);
        vm.statusFilterProperty().set(StatusFilter.SERVER_ERROR);
        assertThat(vm.rows()).containsExactly(unavailable);
        vm.statusFilterProperty().set(StatusFilter.ERRORS);
        assertThat(vm.rows()).as("a gateway failure is an error whatever its status").containsExactly(reset, unavailable);

        TraceRecord later = trace("node-2", "api", 500, 1_000);
        TraceRecord fine = trace("node-2", "api", 200, 1_000);
        vm.event("node-2", event(later));
        vm.event("node-2", event(fine));
        vm.drain();
        assertThat(vm.rows()).as("new traces pass the same filter").containsExactly(later, reset, unavailable);
    }

    @Test
    void minimumDurationInMillisecondsAndBadInputLeavesTheFilterAlone() {
        TraceRecord fast = trace("node-1", "api", 200, 900);
        TraceRecord slow = trace("node-1", "api", 200, 12_500);
        TraceRecord slower = trace("node-1", "api", 200, 250_000);
        for (TraceRecord t : List.of(fast, slow, slower)) {
            vm.event(t.node(), event(t));
        }
        vm.drain();

        assertThat(vm.setMinMillis("12.5")).isTrue();
        assertThat(vm.rows()).containsExactly(slower, slow);
        assertThat(vm.messageProperty().get()).isNull();

        assertThat(vm.setMinMillis("fast")).isFalse();
        assertThat(vm.messageProperty().get()).contains("'fast'").contains("12.5 ms");
        assertThat(vm.rows()).as("unchanged").containsExactly(slower, slow);
        vm.minMillisProperty().set("-3");
        assertThat(vm.messageProperty().get()).contains("'-3'");
        assertThat(vm.rows()).containsExactly(slower, slow);

        vm.minMillisProperty().set("100");
        assertThat(vm.messageProperty().get()).isNull();
        assertThat(vm.rows()).containsExactly(slower);
        vm.minMillisProperty().set(" ");
        assertThat(vm.rows()).containsExactly(slower, slow, fast);
    }

    @Test
    void changingAFilterRefiltersTheKeptHistoryNotJustTheRowsShown() {
        vm = new TracesViewModel(clock, new Limits(100, 100, 5));
        List<TraceRecord> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TraceRecord t = trace(i % 2 == 0 ? "node-1" : "node-2", "api", 200, 1_000);
            vm.event(t.node(), event(t));
            sent.add(t);
        }
        vm.drain();
        assertThat(vm.rows()).containsExactly(sent.get(19), sent.get(18), sent.get(17), sent.get(16), sent.get(15));

        vm.nodeFilterProperty().set("node-1");
        assertThat(vm.rows()).containsExactly(sent.get(18), sent.get(16), sent.get(14), sent.get(12), sent.get(10));
        vm.nodeFilterProperty().set(TracesViewModel.ALL);
        assertThat(vm.rows()).containsExactly(sent.get(19), sent.get(18), sent.get(17), sent.get(16), sent.get(15));
    }

    @Test
    void pauseKeepsTheListCountsArrivalsAndResumeShowsTheNewest() {
        List<TraceRecord> before = offer(2, "node-1", "api", 200, 1_000);
        vm.drain();
        vm.pausedProperty().set(true);

        List<TraceRecord> during = offer(3, "node-2", "api", 500, 1_000);
        vm.drain();
        assertThat(vm.rows()).containsExactly(before.get(1), before.get(0));
        assertThat(vm.newWhilePausedProperty().get()).isEqualTo(3);
        assertThat(vm.statusProperty().get()).contains("paused: 3 new while paused");
        assertThat(vm.routes()).as("choices still learn while paused").contains("api");

        vm.statusFilterProperty().set(StatusFilter.SERVER_ERROR);
        assertThat(vm.rows()).as("a filter while paused applies to what was shown, not to what came since").isEmpty();
        vm.statusFilterProperty().set(StatusFilter.ALL);

        offer(1, "node-2", "api", 200, 1_000);
        vm.drain();
        assertThat(vm.newWhilePausedProperty().get()).isEqualTo(4);

        vm.pausedProperty().set(false);
        assertThat(vm.newWhilePausedProperty().get()).isZero();
        assertThat(vm.rows()).hasSize(6).containsSubsequence(during.get(2), during.get(1), during.get(0), before.get(1));
        assertThat(vm.statusProperty().get()).doesNotContain("paused");
    }

    @Test
    void waterfallBarsAreFractionsOfTheRequest() {
        TraceRecord t = new TraceRecord("t", "s", null, "r", "node-1", 0, 10_000, "GET", "h", "/p", "HTTP/1.1", "api",
                "demo", "e", 200, null, 1, "sampled", Map.of(), Map.of(),
                List.of(new SpanRecord("route", 0, 1_000, null),
                        new SpanRecord("upstream-headers", 5_000, 2_500, "attempt 1 http://e 200"),
                        new SpanRecord("body", 7_500, 2_500, "100 bytes")));

        Waterfall w = Waterfall.of(t);

        assertThat(w.totalMicros()).isEqualTo(10_000);
        Waterfall.Bar headers = w.bars().get(1);
        assertThat(headers.offset()).isEqualTo(0.5);
        assertThat(headers.width()).isEqualTo(0.25);
        assertThat(headers.label()).isEqualTo("upstream-headers 2.5 ms @ +5.0 ms");
        assertThat(headers.detail()).isEqualTo("attempt 1 http://e 200");
        assertThat(w.bars().get(0).label()).isEqualTo("route 1.0 ms @ +0.00 ms");
        assertThat(w.bars().get(2).offset() + w.bars().get(2).width()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aSpanThatOutlastsTheRequestStretchesTheTimeline() {
        TraceRecord t = new TraceRecord("t", "s", null, "r", "node-1", 0, 8_000, "GET", "h", "/p", "HTTP/1.1", "api",
                "demo", "e", 200, null, 1, "sampled", null, null,
                List.of(new SpanRecord("body", 6_000, 4_000, null)));

        Waterfall w = Waterfall.of(t);

        assertThat(w.totalMicros()).isEqualTo(10_000);
        assertThat(w.bars().getFirst().offset()).isEqualTo(0.6);
        assertThat(w.bars().getFirst().width()).isEqualTo(0.4);
        assertThat(HeaderRow.of(t)).as("no headers recorded").isEmpty();
    }

    @Test
    void selectingATraceShowsItsWaterfallHeadersAndSummaryAndKeepsThemWhenItLeavesTheList() {
        vm = new TracesViewModel(clock, new Limits(100, 10, 2));
        TraceRecord picked = trace("node-2", "api", 503, 30_000, "UPSTREAM_TIMEOUT");
        vm.event("node-2", event(picked));
        vm.drain();

        vm.select(vm.rows().getFirst());

        assertThat(vm.waterfallProperty().get().bars()).extracting(Waterfall.Bar::name)
                .containsExactly("route", "upstream-headers", "body");
        assertThat(vm.headers()).containsExactly(
                new HeaderRow("request", "host", "shop.example.com"),
                new HeaderRow("request", "x-api-key", "[redacted]"),
                new HeaderRow("response", "content-type", "text/plain"));
        assertThat(vm.summaryProperty().get())
                .contains("GET shop.example.com " + picked.path() + " → 503 in 30.0 ms · failure UPSTREAM_TIMEOUT")
                .contains("node node-2 · route api · upstream demo · endpoint http://127.0.0.1:9 · attempts 1")
                .contains("trace " + picked.traceId()).contains("kept error");

        for (int i = 0; i < 2; i++) {
            offer(2, "node-1", "api", 200, 1_000);
            vm.drain();
        }
        assertThat(vm.rows()).doesNotContain(picked);
        assertThat(vm.selectedProperty().get()).isSameAs(picked);
        assertThat(vm.headers()).hasSize(3);

        vm.select(null);
        assertThat(vm.waterfallProperty().get()).isEqualTo(Waterfall.EMPTY);
        assertThat(vm.headers()).isEmpty();
        assertThat(vm.summaryProperty().get()).isEmpty();
    }

    @Test
    void rateIsTracesPerSecondOverTheLastSecond() {
        offer(100, "node-1", "api", 200, 1_000);
        clock.advance(Duration.ofSeconds(1));
        vm.drain();
        assertThat(vm.perSecondProperty().get()).isEqualTo(100.0);
        assertThat(vm.statusProperty().get()).startsWith("100 traces/s");

        for (int i = 0; i < 4; i++) {
            offer(50, "node-1", "api", 200, 1_000);
            clock.advance(Duration.ofMillis(250));
            vm.drain();
        }
        assertThat(vm.perSecondProperty().get()).as("the last second: 4 drains of 50").isEqualTo(200.0);

        clock.advance(Duration.ofMillis(250));
        vm.drain();
        clock.advance(Duration.ofMillis(1_000));
        vm.drain();
        assertThat(vm.perSecondProperty().get()).isZero();
        assertThat(vm.statusProperty().get()).startsWith("0 traces/s");
    }

    @Test
    void aTraceWithoutANodeIsShownAsTheStreamsNode() {
        TraceRecord t = trace(null, "api", 200, 1_000);
        vm.event("node-7", event(t));
        vm.drain();

        assertThat(vm.rows().getFirst().node()).isEqualTo("node-7");
        assertThat(vm.nodes()).contains("node-7");
    }
}
