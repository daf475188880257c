package io.sluice.monitor.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LIMITS view against a real two-node cluster: requests with an API key through node-1 show
 * as admitted by its {@code per-key} policy, and node-2 lists its own (idle) policy.
 */
class LimitsIT {

    @TempDir
    Path data;

    @Test
    void showsAdmittedRequestsPerNodeAndPolicy() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession session = cluster.session(0, "vic", Role.VIEWER)) {
            for (int i = 0; i < 5; i++) {
                assertThat(cluster.fixture().get(0, "/api/small", "X-Api-Key", "it-key").statusCode()).isEqualTo(200);
            }
            LimitsViewModel vm = new LimitsViewModel(session::nodes, id -> session.client(id).limits(), Calls.fx(),
                    InstantSource.system());
            LimitsView view = Fx.call(() -> {
                LimitsView v = new LimitsView(vm);
                new Scene(v, 1200, 400);
                return v;
            });

            // the app refreshes on a timer; here each check asks for one (skipped while one runs)
            Fx.waitUntil("node-1's per-key admitted the requests, with a rate", Duration.ofSeconds(20), () -> {
                vm.refresh();
                return vm.rows().stream().anyMatch(r -> r.node().equals("node-1") && r.policy().equals("per-key")
                        && r.admitted() >= 5 && r.hasRates());
            });
            Fx.waitUntil("node-2 listed too", Duration.ofSeconds(20), () -> {
                vm.refresh();
                return vm.rows().stream().anyMatch(r -> r.node().equals("node-2") && r.policy().equals("per-key"));
            });
            Fx.run(() -> {
                assertThat(((TableView<?>) view.lookup("#limits")).getItems()).isSameAs(vm.rows());
                assertThat(vm.messageProperty().get()).isEmpty();
            });
        }
    }
}
