package io.sluice.monitor.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.client.AdminException;
import io.sluice.model.CertificateInfo;
import io.sluice.model.Problem;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.NodeState.Link;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Severity by days left, rows per node and certificate, nodes that fail, one read at a time. */
class CertificatesViewModelTest {

    @Test
    void severityFollowsTheDaysLeft() {
        assertThat(Severity.of(400)).isEqualTo(Severity.OK);
        assertThat(Severity.of(30)).isEqualTo(Severity.OK);
        assertThat(Severity.of(29)).isEqualTo(Severity.WARN);
        assertThat(Severity.of(7)).isEqualTo(Severity.WARN);
        assertThat(Severity.of(6)).isEqualTo(Severity.DANGER);
        assertThat(Severity.of(0)).isEqualTo(Severity.DANGER);
        assertThat(Severity.of(-1)).isEqualTo(Severity.EXPIRED);
        assertThat(Severity.OK.styleClass()).isNull();
        assertThat(List.of(Severity.WARN, Severity.DANGER, Severity.EXPIRED)).extracting(Severity::styleClass)
                .containsExactly("warn", "danger", "expired");
    }

    @Test
    void listsEveryNodesCertificatesAndWhichExpiresFirst() {
        Map<String, List<CertificateInfo>> certs = Map.of(
                "node-2", List.of(cert("admin", "leaf", 6), cert("admin", "trusted-ca", 29)),
                "node-1", List.of(cert("listener:https", "leaf", 80), cert("cluster-identity", "leaf", -2)));
        CertificatesViewModel vm = new CertificatesViewModel(
                () -> List.of(up("node-1"), up("node-2")), certs::get, Calls.inline());

        vm.refresh();

        assertThat(vm.rows()).extracting(CertificateRow::node, CertificateRow::use, CertificateRow::severity)
                .containsExactly(
                        tuple("node-1", "listener:https", Severity.OK),
                        tuple("node-1", "cluster-identity", Severity.EXPIRED),
                        tuple("node-2", "admin", Severity.DANGER),
                        tuple("node-2", "admin", Severity.WARN));
        assertThat(vm.messageProperty().get())
                .isEqualTo("4 certificates on 2 nodes; first to expire: node-1 cluster-identity (leaf), expired");
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void aNodeThatRefusesOrIsDownIsNamedAndTheOthersStillShow() {
        AtomicInteger asked = new AtomicInteger();
        CertificatesViewModel vm = new CertificatesViewModel(() -> List.of(up("node-1"), up("node-2"),
                new NodeState("node-3", "https://n3", Link.DOWN, "node-3:19080 unreachable: timed out", null, null, true)),
                id -> {
                    asked.incrementAndGet();
                    if (id.equals("node-2")) {
                        throw new AdminException(403, new Problem("about:blank", "Forbidden", 403, null, null, null));
                    }
                    return List.of(cert("admin", "leaf", 5));
                }, Calls.inline());

        vm.refresh();

        assertThat(asked).hasValue(2);
        assertThat(vm.rows()).extracting(CertificateRow::node).containsExactly("node-1");
        assertThat(vm.messageProperty().get())
                .isEqualTo("node-2: Forbidden (HTTP 403); node-3: node-3:19080 unreachable: timed out");
    }

    @Test
    void oneReadAtATime() {
        List<Runnable> io = new ArrayList<>();
        CertificatesViewModel vm = new CertificatesViewModel(() -> List.of(up("node-1")),
                id -> List.of(cert("admin", "leaf", 1)), new Calls(io::add, Runnable::run));

        vm.refresh();
        assertThat(vm.loadingProperty().get()).isTrue();
        vm.refresh();
        assertThat(io).hasSize(1);
        io.removeFirst().run();
        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("1 certificate on 1 node; first to expire: node-1 admin (leaf), 1 day left");
    }

    static NodeState up(String id) {
        return new NodeState(id, "https://" + id, Link.UP, null, null, Instant.EPOCH, true);
    }

    static CertificateInfo cert(String use, String kind, long days) {
        return new CertificateInfo(use, kind, "CN=" + use, "CN=Test CA", "1f", kind.equals("leaf") ? "node" : null,
                "2026-02-01T00:00:00Z", days * 86_400 + 10, days, "/etc/sluice/" + use + ".pem");
    }
}
