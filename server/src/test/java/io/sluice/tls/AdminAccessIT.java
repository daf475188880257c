package io.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port: HTTPS with a client certificate from the cluster CA, and the role in the
 * certificate decides: viewers read, operators act, everyone else gets nothing.
 */
class AdminAccessIT {

    private static final String TRIP = "{\"breaker\":\"app\",\"mode\":\"forced-open\",\"reason\":\"maintenance\"}";

    @TempDir
    static Path dir;
    static TlsNode tls;

    @BeforeAll
    static void start() throws Exception {
        tls = new TlsNode(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
    }

    @Test
    void aCallWithoutACertificateGetsNoAnswerAndIsLogged() {
        long before = tls.node.handshakeFailures("admin");
        assertThatThrownBy(() -> tls.admin(null, "GET", "/admin/v1/node", null)).isInstanceOf(IOException.class);
        assertThat(tls.node.handshakeFailures("admin")).isGreaterThan(before);
    }

    @Test
    void aCertificateFromAnotherCaGetsNoAnswer() {
        Path foreign = TestPki.in(dir.resolve("other-pki")).operator("test-operator", io.sluice.certs.Role.OPERATOR);
        assertThatThrownBy(() -> tls.admin(foreign, "GET", "/admin/v1/node", null)).isInstanceOf(IOException.class);
    }

    @Test
    void aViewerReadsButMayNotAct() throws Exception {
        Path viewer = tls.viewer("vera");
        assertThat(tls.admin(viewer, "GET", "/admin/v1/node", null).statusCode()).isEqualTo(200);
        assertThat(tls.admin(viewer, "GET", "/admin/v1/breakers", null).statusCode()).isEqualTo(200);

        var act = tls.admin(viewer, "POST", "/admin/v1/breakers/overrides", TRIP);
        assertThat(act.statusCode()).isEqualTo(403);
        assertThat(act.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(act.body()).contains("forbidden").doesNotContain("operator", "app");
        assertThat(tls.get("plain", "/", null).statusCode()).as("nothing was tripped").isEqualTo(200);
    }

    @Test
    void anOperatorActsAndIsRecordedByTheNameInTheCertificate() throws Exception {
        Path operator = tls.operator("olga");
        var trip = tls.admin(operator, "POST", "/admin/v1/breakers/overrides", TRIP);
        assertThat(trip.statusCode()).as(trip.body()).isEqualTo(200);
        assertThat(trip.body()).contains("FORCED_OPEN", "\"actor\":\"olga\"");
        assertThat(tls.get("plain", "/", null).statusCode()).isEqualTo(503);

        var auto = tls.admin(operator, "POST", "/admin/v1/breakers/overrides",
                "{\"breaker\":\"app\",\"mode\":\"auto\",\"reason\":\"done\"}");
        assertThat(auto.statusCode()).isEqualTo(200);
        assertThat(tls.get("plain", "/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void callerAndNodeCertificatesMayNotAct() throws Exception {
        Path caller = tls.pki.client("some-service");
        assertThat(tls.admin(caller, "GET", "/admin/v1/node", null).statusCode()).as("no role: nothing").isEqualTo(403);
        Path node = tls.pki.node("node-2");
        assertThat(tls.admin(node, "GET", "/admin/v1/node", null).statusCode()).as("nodes read").isEqualTo(200);
        assertThat(tls.admin(node, "POST", "/admin/v1/breakers/overrides", TRIP).statusCode()).isEqualTo(403);
    }

    @Test
    void certificatesAndTheirExpiryAreVisibleToViewers() throws Exception {
        Path viewer = tls.viewer("vera");
        var certs = tls.admin(viewer, "GET", "/admin/v1/certificates", null);
        assertThat(certs.statusCode()).isEqualTo(200);
        assertThat(certs.body()).contains("\"use\":\"admin\"", "\"kind\":\"leaf\"", "\"daysLeft\":", "\"role\":\"node\"");

        var metrics = tls.admin(viewer, "GET", "/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE sluice_certificate_expiry_seconds gauge",
                "sluice_certificate_expiry_seconds{kind=\"leaf\"");
    }
}
