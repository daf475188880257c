package io.sluice.monitor.traces;

import static io.sluice.monitor.traces.Traces.event;
import static io.sluice.monitor.traces.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.TraceRecord;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.traces.Traces.FakeClock;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.Test;

/** The trace view on the headless toolkit: what the operator sees after drains, picks and pauses. */
class TracesViewTest {

    private final TracesViewModel vm = new TracesViewModel(new FakeClock());

    private TracesView show() {
        return Fx.call(() -> {
            TracesView view = new TracesView(vm);
            new Scene(view, 1200, 800);
            layout(view);
            return view;
        });
    }

    private static void layout(TracesView view) {
        view.applyCss();
        view.layout();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Node> T find(TracesView view, String id) {
        Node n = view.lookup("#" + id);
        assertThat(n).as(id).isNotNull();
        return (T) n;
    }

    @Test
    void rowsAppearAfterADrainAndAPickedRowFillsTheWaterfallAndHeaders() {
        TracesView view = show();
        TraceRecord failing = trace("node-2", "api", 503, 40_000);
        vm.event("node-1", event(trace("node-1", "all", 200, 2_000)));
        vm.event("node-2", event(failing));

        TableView<TraceRecord> table = find(view, "trace-table");
        assertThat(Fx.call(() -> table.getItems().size())).isZero();
        Fx.run(() -> {
            vm.drain();
            layout(view);
        });

        assertThat(Fx.call(() -> table.getItems())).hasSize(2).first().isEqualTo(failing);
        assertThat(Fx.call(() -> table.getFixedCellSize())).isEqualTo(TracesView.ROW_HEIGHT);
        Label stats = find(view, "trace-stats");
        assertThat(Fx.call(stats::getText)).contains("showing 2 of 2 kept");

        Fx.run(() -> {
            table.getSelectionModel().select(0);
            layout(view);
        });

        Node waterfall = find(view, "waterfall");
        assertThat(Fx.call(() -> bars(waterfall))).isEqualTo(3);
        assertThat(Fx.call(() -> waterfall.lookupAll(".span-upstream-headers").iterator().next().getLayoutBounds().getWidth()))
                .as("two thirds of the request").isGreaterThan(100);
        TableView<TracesView.HeaderSlot> headers = find(view, "trace-headers");
        assertThat(Fx.call(() -> headerNames(headers))).containsExactly("host", "x-api-key", "content-type");
        Label summary = find(view, "trace-summary");
        assertThat(Fx.call(summary::getText)).contains("→ 503 in 40.0 ms");

        // a trace with fewer spans and headers: the spare bars hide, the spare header rows go blank
        TraceRecord bare = new TraceRecord("t", "s", null, "r", "node-1", 0, 1_000, "GET", "h", "/bare", "HTTP/1.1",
                "api", "demo", "e", 200, null, 1, "live", java.util.Map.of("host", "h"), java.util.Map.of(),
                java.util.List.of(new io.sluice.model.SpanRecord("route", 0, 1_000, null)));
        vm.event("node-1", event(bare));
        Fx.run(() -> {
            vm.drain();
            table.getSelectionModel().select(0);
            layout(view);
        });
        assertThat(Fx.call(() -> bars(waterfall))).isEqualTo(1);
        assertThat(Fx.call(() -> headerNames(headers))).containsExactly("host");
        assertThat(Fx.call(summary::getText)).contains("/bare → 200");
    }

    private static long bars(Node waterfall) {
        return waterfall.lookupAll(".waterfall-bar").stream().filter(Node::isVisible).count();
    }

    private static java.util.List<String> headerNames(TableView<TracesView.HeaderSlot> headers) {
        return headers.getItems().stream().map(h -> h.name().get()).filter(n -> !n.isEmpty()).toList();
    }

    @Test
    void pauseStopsUpdatesAndResumeShowsWhatCameMeanwhile() {
        TracesView view = show();
        vm.event("node-1", event(trace("node-1", "api", 200, 1_000)));
        Fx.run(vm::drain);
        ToggleButton pause = find(view, "trace-pause");
        TableView<TraceRecord> table = find(view, "trace-table");
        Label stats = find(view, "trace-stats");

        Fx.run(pause::fire);
        assertThat(Fx.call(pause::getText)).isEqualTo("Resume");
        vm.event("node-1", event(trace("node-1", "api", 200, 1_000)));
        vm.event("node-1", event(trace("node-1", "api", 200, 1_000)));
        Fx.run(vm::drain);
        assertThat(Fx.call(() -> table.getItems().size())).isEqualTo(1);
        assertThat(Fx.call(stats::getText)).contains("2 new while paused");

        Fx.run(pause::fire);
        assertThat(Fx.call(pause::getText)).isEqualTo("Pause");
        assertThat(Fx.call(() -> table.getItems().size())).isEqualTo(3);
    }

    @Test
    void filterControlsDriveTheViewModelAndABadMinimumSaysWhy() {
        TracesView view = show();
        vm.event("node-1", event(trace("node-1", "api", 200, 1_000)));
        vm.event("node-2", event(trace("node-2", "all", 503, 80_000)));
        Fx.run(vm::drain);
        ChoiceBox<String> node = find(view, "trace-node");
        ChoiceBox<String> route = find(view, "trace-route");
        ChoiceBox<StatusFilter> status = find(view, "trace-status");
        TextField minMs = find(view, "trace-min-ms");
        TableView<TraceRecord> table = find(view, "trace-table");

        assertThat(Fx.call(() -> node.getItems())).containsExactly("All", "node-1", "node-2");
        assertThat(Fx.call(() -> route.getItems())).containsExactly("All", "all", "api");
        assertThat(Fx.call(node::getValue)).isEqualTo("All");

        Fx.run(() -> status.setValue(StatusFilter.SERVER_ERROR));
        assertThat(Fx.call(() -> table.getItems())).extracting(TraceRecord::status).containsExactly(503);
        Fx.run(() -> status.setValue(StatusFilter.ALL));
        Fx.run(() -> node.setValue("node-1"));
        assertThat(Fx.call(() -> table.getItems())).extracting(TraceRecord::node).containsExactly("node-1");
        Fx.run(() -> node.setValue("All"));

        Fx.run(() -> minMs.setText("50"));
        assertThat(Fx.call(() -> table.getItems())).extracting(TraceRecord::durationMicros).containsExactly(80_000L);
        Fx.run(() -> minMs.setText("5O"));
        Label message = find(view, "trace-message");
        assertThat(Fx.call(message::getText)).contains("'5O'");
        assertThat(Fx.call(() -> table.getItems())).hasSize(1);
    }
}
