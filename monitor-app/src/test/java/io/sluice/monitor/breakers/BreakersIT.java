package io.sluice.monitor.breakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.UiPump;
import io.sluice.monitor.session.UiThread;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breakers against a real two-node cluster, wired as the app wires them: an operator trips
 * {@code demo} from the view with a reason, the other node then answers 503 without calling the
 * upstream, the action shows who and why, and Auto brings 200 back. A viewer's buttons are
 * disabled, and an action forced through its view model is refused by the node with a 403.
 */
class BreakersIT {

    @TempDir
    Path data;

    @Test
    void anOperatorTripsAndRestoresAViewerIsRefused() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession dana = cluster.session(0, "dana", Role.OPERATOR);
             ClusterSession vic = cluster.session(1, "vic", Role.VIEWER)) {
            Fx.start();
            BreakersViewModel vm = viewModel(dana);
            BreakersViewModel viewer = viewModel(vic);
            BreakersView view = Fx.call(() -> scene(new BreakersView(vm, (t, q) -> Optional.of("drill"))));
            try (UiPump pump = new UiPump(UiThread.fx(), Duration.ofMillis(250), List.of(vm, viewer))) {
                assertThat(cluster.get(1, "/small").statusCode()).isEqualTo(200);
                Fx.waitUntil("demo on both nodes", Duration.ofSeconds(10), () ->
                        vm.rows().stream().filter(r -> r.breaker().equals("demo")).count() == 2);

                Fx.run(() -> {
                    @SuppressWarnings("unchecked")
                    TableView<BreakerRow> table = (TableView<BreakerRow>) view.lookup("#breakers");
                    table.getSelectionModel().select(index(table, "node-1/demo"));
                    ((Button) view.lookup("#trip")).fire();
                });
                Fx.waitUntil("the trip is confirmed", Duration.ofSeconds(10), () ->
                        vm.messageProperty().get().equals("dana tripped demo: drill"));
                waitFor("node-2 answers 503 for demo", () -> cluster.get(1, "/small").statusCode() == 503);
                Fx.waitUntil("both nodes show demo forced open", Duration.ofSeconds(10), () ->
                        vm.rows().stream().filter(r -> r.breaker().equals("demo"))
                                .allMatch(r -> r.state() == BreakerRow.State.FORCED_OPEN));
                OverrideRow action = Fx.call(() -> vm.overrides().getFirst());
                assertThat(action.actor()).isEqualTo("dana");
                assertThat(action.reason()).isEqualTo("drill");
                assertThat(action.action()).isEqualTo("trip (forced open)");

                Fx.run(() -> ((Button) view.lookup("#auto")).fire());
                Fx.waitUntil("auto is confirmed", Duration.ofSeconds(10), () ->
                        vm.messageProperty().get().equals("dana set demo back to auto: drill"));
                waitFor("node-2 answers 200 again", () -> cluster.get(1, "/small").statusCode() == 200);
                assertThat(Fx.call(() -> vm.overrides().stream().map(OverrideRow::action).toList()))
                        .startsWith("auto", "trip (forced open)");

                BreakersView viewerView = Fx.call(() -> scene(new BreakersView(viewer, (t, q) -> Optional.of("drill"))));
                Fx.waitUntil("the viewer reads demo", Duration.ofSeconds(10), () ->
                        viewer.rows().stream().anyMatch(r -> r.key().equals("node-2/demo")));
                Fx.run(() -> BreakersViewModelTest.select(viewer, "node-2/demo"));
                assertThat(viewer.canActProperty().get()).isFalse();
                assertThat(Fx.call(() -> viewerView.lookup("#trip").isDisabled())).isTrue();
                Fx.run(() -> viewer.trip((t, q) -> Optional.of("drill"))); // what a disabled button would not do
                Fx.waitUntil("the node refuses the viewer", Duration.ofSeconds(10), () ->
                        viewer.messageProperty().get().startsWith("Could not trip demo:")
                                && viewer.messageProperty().get().contains("403"));
            }
            assertThat(cluster.get(1, "/small").statusCode()).as("the viewer changed nothing").isEqualTo(200);
        }
    }

    private static BreakersViewModel viewModel(ClusterSession session) {
        BreakersViewModel vm = new BreakersViewModel(() -> session.any().breakers(),
                (breaker, mode, reason) -> session.any().overrideBreaker(breaker, mode, reason),
                session.identity(), Calls.fx(), Clock.systemDefaultZone());
        session.addListener(vm);
        return vm;
    }

    private static BreakersView scene(BreakersView view) {
        new Scene(view, 1200, 700);
        return view;
    }

    private static int index(TableView<BreakerRow> table, String key) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).key().equals(key)) {
                return i;
            }
        }
        throw new AssertionError("no row " + key);
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
