package io.sluice.monitor.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.NodeState.Link;
import io.sluice.monitor.session.UiPump;
import io.sluice.monitor.session.UiThread;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overview against a real two-node cluster, wired the way the app wires it: the session feeds
 * the view model, a pump drains it on the FX thread, certificates are read from each member. With
 * some traffic, both members show up with their config version and certificate days, and each
 * gets a requests/s line.
 */
class OverviewIT {

    @TempDir
    Path data;

    @Test
    void showsBothMembersAndTheirTraffic() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession session = cluster.session(0, "dana", Role.OPERATOR)) {
            Fx.start();
            OverviewViewModel vm = new OverviewViewModel(id -> session.client(id).certificates(), Calls.fx(),
                    InstantSource.system());
            session.addListener(vm);
            OverviewView view = Fx.call(() -> {
                OverviewView v = new OverviewView(vm);
                new Scene(v, 1200, 800);
                return v;
            });
            try (UiPump pump = new UiPump(UiThread.fx(), Duration.ofMillis(250), List.of(vm))) {
                for (int i = 0; i < 20; i++) {
                    cluster.get(i % 2, "/small");
                }
                Fx.waitUntil("both members up with certificate days", Duration.ofSeconds(15), () ->
                        vm.rows().size() == 2 && vm.rows().stream().allMatch(r ->
                                r.link() == Link.UP && r.certDaysLeft() != null));
                Fx.waitUntil("a requests/s line per node with points", Duration.ofSeconds(10), () -> {
                    Charts c = vm.charts();
                    return List.of("node-1", "node-2", Charts.CLUSTER).stream().allMatch(name -> {
                        Charts.Series s = Charts.find(c.requests(), name);
                        return s != null && !s.points().isEmpty();
                    });
                });
            }
            List<NodeRow> rows = Fx.call(() -> List.copyOf(vm.rows()));
            assertThat(rows).extracting(NodeRow::nodeId).containsExactly("node-1", "node-2");
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.healthText()).isEqualTo("up");
                assertThat(r.configVersion()).isEqualTo(1);
                assertThat(r.certDaysLeft()).isPositive();
                assertThat(r.uptime()).isNotEmpty();
            });
            List<String> lines = Fx.call(() -> {
                TableView<?> table = (TableView<?>) view.lookup("#nodes");
                assertThat(table.getItems()).hasSize(2);
                @SuppressWarnings("unchecked")
                LineChart<Number, Number> rps = (LineChart<Number, Number>) view.lookup("#chart-rps");
                return rps.getData().stream().map(XYChart.Series::getName).toList();
            });
            assertThat(lines).containsExactly("node-1", "node-2", Charts.CLUSTER);
        }
    }
}
