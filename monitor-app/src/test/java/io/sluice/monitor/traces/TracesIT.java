package io.sluice.monitor.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.client.AdminEvent;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.TraceRecord;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.UiPump;
import io.sluice.monitor.session.UiThread;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live traces from a real two-node cluster, as the app wires them: the session's streams feed the
 * view model, a UiPump drains it on the FX thread, and the view shows requests sent through both
 * nodes with their routes and statuses, filters the failing ones, and draws the spans of one.
 * A viewer certificate is enough: traces are read-only.
 */
class TracesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void tracesFromBothNodesFilteredAndDrawn() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession session = cluster.session(0, "vic", Role.VIEWER)) {
            TracesViewModel vm = new TracesViewModel(InstantSource.system());
            Set<String> streaming = ConcurrentHashMap.newKeySet();
            session.addListener(vm);
            session.wantTraces(true); // what selecting the traces tab does
            session.addListener(new ClusterSession.Listener() {
                @Override
                public void event(String nodeId, AdminEvent event) {
                    if (event.data() instanceof MetricsSnapshot) {
                        streaming.add(nodeId);
                    }
                }
            });
            TracesView view = Fx.call(() -> {
                TracesView v = new TracesView(vm);
                new Scene(v, 1200, 800);
                return v;
            });
            try (UiPump pump = new UiPump(UiThread.fx(), Duration.ofMillis(100), List.of(vm))) {
                // a node streams every request's trace only while someone subscribes: wait for both streams
                Fx.waitUntil("both members' streams open", WAIT, () -> streaming.size() == 2);

                for (int i = 0; i < 8; i++) {
                    assertThat(cluster.get(0, "/api/small").statusCode()).isEqualTo(200);
                    assertThat(cluster.get(1, "/small").statusCode()).isEqualTo(200);
                }
                assertThat(cluster.get(0, "/status?code=503").statusCode()).isEqualTo(503);
                assertThat(cluster.get(1, "/status?code=503").statusCode()).isEqualTo(503);
                assertThat(cluster.get(1, "/status?code=404").statusCode()).isEqualTo(404);

                Fx.waitUntil("19 traces shown", WAIT, () -> vm.rows().size() >= 19);
                List<TraceRecord> rows = Fx.call(() -> List.copyOf(vm.rows()));
                assertThat(rows).filteredOn(t -> t.path().equals("/api/small"))
                        .hasSize(8).allSatisfy(t -> {
                            assertThat(t.node()).isEqualTo("node-1");
                            assertThat(t.route()).isEqualTo("api");
                            assertThat(t.status()).isEqualTo(200);
                            assertThat(t.spans()).isNotEmpty();
                        });
                assertThat(rows).filteredOn(t -> t.path().equals("/small"))
                        .hasSize(8).allSatisfy(t -> {
                            assertThat(t.node()).isEqualTo("node-2");
                            assertThat(t.route()).isEqualTo("all");
                            assertThat(t.status()).isEqualTo(200);
                        });
                assertThat(Fx.call(() -> List.copyOf(vm.nodes()))).containsExactly("All", "node-1", "node-2");
                assertThat(Fx.call(() -> List.copyOf(vm.routes()))).containsExactly("All", "all", "api");

                @SuppressWarnings("unchecked")
                ChoiceBox<StatusFilter> status = (ChoiceBox<StatusFilter>) view.lookup("#trace-status");
                Fx.run(() -> status.setValue(StatusFilter.SERVER_ERROR));
                List<TraceRecord> failing = Fx.call(() -> List.copyOf(view.table().getItems()));
                assertThat(failing).hasSize(2).allSatisfy(t -> {
                    assertThat(t.status()).isEqualTo(503);
                    assertThat(t.route()).isEqualTo("all");
                    assertThat(t.kept()).isEqualTo("error");
                });
                assertThat(failing).extracting(TraceRecord::node).containsExactlyInAnyOrder("node-1", "node-2");

                TableView<TraceRecord> table = view.table();
                Fx.run(() -> {
                    table.getSelectionModel().select(0);
                    view.applyCss();
                    view.layout();
                });
                Node waterfall = view.lookup("#waterfall");
                assertThat(Fx.call(() -> vm.waterfallProperty().get().bars())).extracting(Waterfall.Bar::name)
                        .contains("route", "upstream-headers");
                assertThat(Fx.call(() -> waterfall.lookupAll(".waterfall-bar").stream().filter(Node::isVisible).count()))
                        .isGreaterThanOrEqualTo(2);
                assertThat(Fx.call(() -> vm.headers())).extracting(HeaderRow::side).contains("request", "response");
                assertThat(Fx.call(() -> vm.summaryProperty().get())).contains("→ 503");
            }
        }
    }
}
