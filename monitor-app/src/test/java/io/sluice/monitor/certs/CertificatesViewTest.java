package io.sluice.monitor.certs;

import static io.sluice.monitor.certs.CertificatesViewModelTest.cert;
import static io.sluice.monitor.certs.CertificatesViewModelTest.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.CertificateInfo;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.testing.Fx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** The refresh button reads the nodes; the days-left cells carry their severity's style class. */
class CertificatesViewTest {

    @Test
    void refreshShowsCertificatesColouredByDaysLeft() {
        AtomicInteger reads = new AtomicInteger();
        Map<String, List<CertificateInfo>> certs = Map.of("node-1", List.of(
                cert("admin", "leaf", 100), cert("listener:https", "leaf", 20),
                cert("cluster-identity", "leaf", 3), cert("upstream:billing", "trusted-ca", -1)));
        CertificatesViewModel vm = new CertificatesViewModel(() -> List.of(up("node-1")), id -> {
            reads.incrementAndGet();
            return certs.get(id);
        }, Calls.inline());

        Map<String, List<String>> classesByDays = Fx.call(() -> {
            CertificatesView view = new CertificatesView(vm);
            new Scene(view, 1400, 400);
            TableView<?> table = (TableView<?>) view.lookup("#certificates");
            assertThat(table.getItems()).isEmpty();
            ((Button) view.lookup("#refresh-certs")).fire();
            view.applyCss();
            view.layout();
            assertThat(table.getItems()).hasSize(4);
            assertThat(((Label) view.lookup("#certs-message")).getText())
                    .isEqualTo("4 certificates on 1 node; first to expire: node-1 upstream:billing (trusted-ca), expired");
            return table.lookupAll(".table-cell").stream()
                    .map(n -> (TableCell<?, ?>) n)
                    .filter(c -> c instanceof CertificatesView.DaysCell && c.getText() != null)
                    .collect(java.util.stream.Collectors.toMap(TableCell::getText, c -> List.copyOf(c.getStyleClass())));
        });

        assertThat(reads).hasValue(1);
        assertThat(classesByDays.get("100")).doesNotContain("warn", "danger", "expired");
        assertThat(classesByDays.get("20")).contains("warn").doesNotContain("danger", "expired");
        assertThat(classesByDays.get("3")).contains("danger").doesNotContain("warn", "expired");
        assertThat(classesByDays.get("-1")).contains("expired").doesNotContain("warn", "danger");
    }
}
