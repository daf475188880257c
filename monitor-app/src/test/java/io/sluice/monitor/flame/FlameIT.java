package io.sluice.monitor.flame;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.model.ProfileResult;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-second wall profile of a live node under traffic, recorded through the view's Record
 * button with the recorder wired as the app wires it, and drawn.
 */
class FlameIT {

    @TempDir
    Path data;

    @Test
    void recordsAWallProfileOfALiveNodeAndDrawsIt() throws Exception {
        Fx.start(); // Calls.fx() hands results to the FX thread
        try (LiveCluster cluster = LiveCluster.start(1, data);
             ClusterSession session = cluster.session(0, "dana", Role.OPERATOR)) {
            FlameViewModel vm = new FlameViewModel((node, request) -> session.client(node).profile(request), Calls.fx(),
                    session.identity().mayAct());
            session.addListener(vm);
            vm.nodes(session.nodes());
            FlameView view = Fx.call(() -> {
                FlameView v = new FlameView(vm);
                new Scene(v, 1200, 700);
                v.applyCss();
                v.layout();
                return v;
            });
            Fx.waitUntil("node-1 to choose", Duration.ofSeconds(10), () -> "node-1".equals(vm.nodeProperty().get()));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger proxied = new AtomicInteger();
            Thread traffic = Thread.ofVirtual().name("flame-it-traffic").start(() -> {
                while (!stop.get()) {
                    try {
                        if (cluster.get(0, "/small").statusCode() == 200) {
                            proxied.incrementAndGet();
                        }
                    } catch (Exception e) {
                        sleep(); // a refused request is not what this test is about; keep the load going
                    }
                }
            });
            try {
                Fx.run(() -> {
                    vm.kindProperty().set("wall");
                    vm.secondsProperty().set("2");
                    ((Button) view.lookup("#record")).fire();
                });
                assertThat(Fx.call(() -> vm.recordingProperty().get())).isTrue();
                assertThat(Fx.call(() -> ((Label) view.lookup("#flame-status")).getText()))
                        .isEqualTo("recording wall on node-1 for 2 s…");
                Fx.waitUntil("the profile back", Duration.ofSeconds(15), () -> !vm.recordingProperty().get());
            } finally {
                stop.set(true);
                traffic.join();
            }

            assertThat(Fx.call(() -> vm.messageProperty().get())).startsWith("recorded wall on node-1 for 2 s: ");
            ProfileResult result = Fx.call(() -> vm.selectedProperty().get().result());
            assertThat(result.node()).isEqualTo("node-1");
            assertThat(result.kind()).isEqualTo("wall");
            assertThat(result.unit()).isEqualTo("nanoseconds");
            assertThat(result.samples()).isPositive();
            assertThat(result.root().total()).isPositive();
            assertThat(proxied.get()).as("traffic flowed while it recorded").isPositive();

            FlameLayout layout = Fx.call(() -> vm.layoutProperty().get());
            assertThat(layout.frames()).hasSizeGreaterThan(1);
            assertThat(layout.depth()).isGreaterThan(2);
            Frame first = layout.row(1).getFirst();
            Fx.run(() -> vm.hover(first.x() + first.width() / 2, 1));
            assertThat(Fx.call(() -> ((Label) view.lookup("#flame-status")).getText()))
                    .startsWith(first.name() + " — ").contains(" ns (");
            long collapsed = Fx.call(vm::collapsed).lines()
                    .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertThat(collapsed).isEqualTo(result.root().total());
            assertThat(Arrays.stream(Fx.call(() -> vm.svg(1200)).split("<g>")).count() - 1)
                    .isEqualTo(layout.frames().stream().filter(f -> f.visibleAt(1200)).count());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
