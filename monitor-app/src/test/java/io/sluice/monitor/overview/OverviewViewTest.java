package io.sluice.monitor.overview;

import static io.sluice.monitor.overview.OverviewViewModelTest.cert;
import static io.sluice.monitor.overview.OverviewViewModelTest.down;
import static io.sluice.monitor.overview.OverviewViewModelTest.info;
import static io.sluice.monitor.overview.OverviewViewModelTest.metrics;
import static io.sluice.monitor.overview.OverviewViewModelTest.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.monitor.session.Calls;
import io.sluice.monitor.testing.Fx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** The overview on the headless toolkit: the table's rows and style classes, and one chart line per node plus cluster. */
class OverviewViewTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void showsMembersWithHealthClassesAndChartsPerNode() {
        OverviewViewModelTest.TestClock clock = new OverviewViewModelTest.TestClock(T0);
        Result r = Fx.call(() -> {
            OverviewViewModel vm = new OverviewViewModel(
                    id -> List.of(cert("admin", id.equals("node-1") ? 5 : 25)), Calls.inline(), clock);
            OverviewView view = new OverviewView(vm);
            Scene scene = new Scene(view, 1400, 800);
            vm.nodes(List.of(up("node-1", info("node-1", 100, 1, null, false)), down("node-2", "refused"),
                    up("node-3", info("node-3", 100, 1, null, true))));
            for (int s = 0; s < 30; s++) {
                vm.event("node-1", metrics("node-1", T0.plusSeconds(s), 10 + s, 1, 20));
                vm.event("node-3", metrics("node-3", T0.plusSeconds(s), 5, 0, 30));
            }
            clock.set(T0.plusSeconds(29));
            vm.drain();
            view.applyCss();
            view.layout();

            TableView<?> table = (TableView<?>) scene.lookup("#nodes");
            @SuppressWarnings("unchecked")
            LineChart<Number, Number> rps = (LineChart<Number, Number>) scene.lookup("#chart-rps");
            List<String> lines = rps.getData().stream().map(XYChart.Series::getName).toList();
            XYChart.Series<Number, Number> node1 = rps.getData().getFirst();
            Number lastX = node1.getData().getLast().getXValue();
            Number lastY = node1.getData().getLast().getYValue();

            // the next second's charts reuse the lines
            XYChart.Series<Number, Number> before = rps.getData().getFirst();
            vm.event("node-1", metrics("node-1", T0.plusSeconds(30), 99, 0, 20));
            vm.event("node-3", metrics("node-3", T0.plusSeconds(30), 1, 0, 20));
            clock.advance(Duration.ofSeconds(1));
            vm.drain();
            boolean reused = rps.getData().getFirst() == before;
            Number newest = rps.getData().getFirst().getData().getLast().getYValue();
            return new Result(table.getItems().size(), classes(view, ".link-up"), classes(view, ".link-down"),
                    classes(view, ".link-draining"), classes(view, ".cert-danger"), classes(view, ".cert-warn"), lines,
                    lastX, lastY, reused, newest, scene.lookup("#chart-errors") != null && scene.lookup("#chart-p99") != null);
        });

        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.up()).contains("up");
        assertThat(r.down()).contains("down: refused");
        assertThat(r.draining()).contains("draining");
        assertThat(r.danger()).contains("5 d");
        assertThat(r.warn()).contains("25 d");
        assertThat(r.lines()).containsExactly("node-1", "node-3", "cluster");
        assertThat(r.lastX().intValue()).as("x is seconds before now").isZero();
        assertThat(r.lastY().doubleValue()).isEqualTo(39.0);
        assertThat(r.reused()).isTrue();
        assertThat(r.newest().doubleValue()).isEqualTo(99.0);
        assertThat(r.otherCharts()).isTrue();
    }

    record Result(int rows, Set<String> up, Set<String> down, Set<String> draining, Set<String> danger,
                  Set<String> warn, List<String> lines, Number lastX, Number lastY, boolean reused, Number newest,
                  boolean otherCharts) {
    }

    /** The texts of the table cells that carry {@code selector}'s style class. */
    private static Set<String> classes(Node root, String selector) {
        return root.lookupAll(".table-cell" + selector).stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText())
                .collect(Collectors.toSet());
    }
}
