package io.sluice.monitor.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CERTIFICATES view against a real two-node cluster, as a viewer: every node's certificates,
 * the test leaves with 7 days or less left (so flagged danger), the test CA with under 30.
 */
class CertificatesIT {

    @TempDir
    Path data;

    @Test
    void showsEveryNodesCertificatesWithDaysLeft() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession session = cluster.session(0, "vic", Role.VIEWER)) {
            CertificatesViewModel vm = new CertificatesViewModel(session::nodes,
                    id -> session.client(id).certificates(), Calls.fx());
            CertificatesView view = Fx.call(() -> {
                CertificatesView v = new CertificatesView(vm);
                new Scene(v, 1400, 400);
                return v;
            });

            Fx.waitUntil("both nodes' certificates", Duration.ofSeconds(20), () -> {
                Button refresh = (Button) view.lookup("#refresh-certs");
                if (!refresh.isDisabled()) {
                    refresh.fire();
                }
                return vm.rows().stream().map(CertificateRow::node).distinct().count() == 2;
            });

            List<CertificateRow> rows = Fx.call(() -> List.copyOf(vm.rows()));
            assertThat(rows).extracting(CertificateRow::node).containsOnly("node-1", "node-2");
            List<CertificateRow> leaves = rows.stream().filter(r -> r.kind().equals("leaf")).toList();
            assertThat(leaves).isNotEmpty().allSatisfy(r -> {
                assertThat(r.daysLeft()).isBetween(0L, 8L);
                assertThat(r.severity()).isEqualTo(r.daysLeft() < 7 ? Severity.DANGER : Severity.WARN);
            });
            assertThat(rows).allSatisfy(r -> assertThat(r.daysLeft()).isBetween(0L, 30L));
            assertThat(rows).extracting(CertificateRow::use).contains("admin");
            assertThat(Fx.call(() -> vm.messageProperty().get())).contains("certificates on 2 nodes");
        }
    }
}
