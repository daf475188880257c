package io.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.certs.CertificateAuthority;
import io.sluice.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates on data listeners (none / optional / required) and towards upstreams, with
 * real TLS handshakes against a real node and certificates minted for the test.
 */
class MutualTlsIT {

    @TempDir
    static Path dir;
    static TlsNode tls;
    static Path caller;
    static Path stranger;

    @BeforeAll
    static void start() throws Exception {
        tls = new TlsNode(dir);
        caller = tls.pki.client("caller");
        // Same names, another CA: what an attacker with their own PKI presents.
        TestPki other = TestPki.in(dir.resolve("other-pki"));
        stranger = other.client("caller");
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
    }

    @Test
    void aListenerWithoutClientAuthServesAnyone() throws Exception {
        assertThat(tls.get("open", "/", null).statusCode()).isEqualTo(200);
        assertThat(tls.get("open", "/", caller).statusCode()).isEqualTo(200);
    }

    @Test
    void anOptionalListenerServesCallersWithAndWithoutACertificateButNotAForeignOne() throws Exception {
        assertThat(tls.get("optional", "/", null).statusCode()).isEqualTo(200);
        assertThat(tls.get("optional", "/", caller).statusCode()).isEqualTo(200);
        long before = tls.node.handshakeFailures("optional");
        // JSSE sends no certificate the server's CA list does not name: that is an anonymous caller ...
        assertThat(tls.get("optional", "/", stranger).statusCode()).isEqualTo(200);
        // ... but a foreign certificate sent anyway fails the handshake
        assertThatThrownBy(() -> tls.getPresenting("optional", "/", stranger)).isInstanceOf(IOException.class);
        assertThat(tls.node.handshakeFailures("optional")).as("the failed handshake is counted and logged").isGreaterThan(before);
    }

    @Test
    void aRequiredListenerRefusesTheHandshakeWithoutACertificateFromTheCa() throws Exception {
        assertThat(tls.get("required", "/", caller).statusCode()).isEqualTo(200);
        long before = tls.node.handshakeFailures("required");
        assertThatThrownBy(() -> tls.get("required", "/", null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> tls.getPresenting("required", "/", stranger)).isInstanceOf(IOException.class);
        assertThat(tls.node.handshakeFailures("required")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void anExpiredClientCertificateFailsTheHandshake() throws Exception {
        CertificateAuthority ca = tls.pki.ca();
        Path expired = tls.pki.write("short-lived", ca.issueClient("short-lived", Duration.ofSeconds(1)));
        Thread.sleep(1_500);
        assertThatThrownBy(() -> tls.get("required", "/", expired)).isInstanceOf(IOException.class);
    }

    @Test
    void anUpstreamThatRequiresMutualTlsGetsTheGatewaysClientCertificate() throws Exception {
        var withCert = tls.get("plain", "/secure/x", null);
        assertThat(withCert.statusCode()).as(withCert.body()).isEqualTo(200);
        assertThat(withCert.body()).contains("mtls-app");

        var withoutCert = tls.get("plain", "/nocert/x", null);
        assertThat(withoutCert.statusCode()).as("the upstream refuses the gateway's handshake").isEqualTo(502);
        assertThat(withoutCert.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theCertificatesInUseAreListedWithDaysLeft() throws Exception {
        var list = tls.node.certificates().list();
        assertThat(list).extracting(c -> c.use() + "/" + c.kind()).contains("listener:open/leaf", "listener:required/leaf",
                "listener:required/trusted-ca", "admin/leaf", "admin/trusted-ca", "upstream:secure/leaf",
                "upstream:secure/trusted-ca", "upstream:nocert/trusted-ca");
        assertThat(list).filteredOn(c -> c.use().equals("admin") && c.kind().equals("leaf")).singleElement()
                .satisfies(c -> {
                    assertThat(c.role()).isEqualTo("node");
                    assertThat(c.daysLeft()).isBetween(6L, 7L);
                });
    }
}
