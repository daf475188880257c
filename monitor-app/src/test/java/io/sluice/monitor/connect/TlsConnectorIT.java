package io.sluice.monitor.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.certs.Role;
import io.sluice.monitor.connect.ConnectionProfile.Format;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.testing.LiveCluster;
import io.sluice.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real connector against a real cluster: PKCS12 and PEM certificates both connect and find
 * every member; a wrong password, a missing file and a certificate the cluster's CA did not issue
 * each fail with their own reason.
 */
class TlsConnectorIT {

    @TempDir
    Path data;

    private final TlsConnector connector = new TlsConnector(
            new ClusterSession.Timing(Duration.ofMillis(200), Duration.ofMillis(500)), InstantSource.system());

    @Test
    void pkcs12AndPemBothConnectAndFindTheMembers() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data)) {
            Path p12 = cluster.keyStore("dana", Role.OPERATOR);
            ConnectionProfile pkcs12 = new ConnectionProfile("p12", cluster.adminUrl(0), Format.PKCS12, p12.toString(), null,
                    cluster.trustStore().toString());
            try (ClusterSession s = connector.connect(pkcs12, TestPki.PASSWORD.toCharArray())) {
                assertThat(s.identity().label()).isEqualTo("dana (operator)");
                assertThat(s.nodes()).extracting(n -> n.nodeId()).containsExactly("node-1", "node-2");
            }

            Path pem = pem(cluster.keyStore("vic", Role.VIEWER), data.resolve("vic"));
            Path caPem = data.resolve("ca.pem");
            Files.writeString(caPem, pemBlock("CERTIFICATE", cluster.fixture().pki().ca().certificate().getEncoded()));
            ConnectionProfile viaPem = new ConnectionProfile("pem", cluster.adminUrl(1), Format.PEM,
                    pem.resolveSibling("vic.pem").toString(), pem.resolveSibling("vic.key").toString(), caPem.toString());
            try (ClusterSession s = connector.connect(viaPem, new char[0])) {
                assertThat(s.identity().label()).isEqualTo("vic (viewer)");
                assertThat(s.identity().mayAct()).isFalse();
                assertThat(s.nodes()).hasSize(2);
            }

            assertThatThrownBy(() -> connector.connect(pkcs12, "wrong".toCharArray()))
                    .hasMessageContaining(p12.getFileName().toString());
            ConnectionProfile missing = new ConnectionProfile("x", cluster.adminUrl(0), Format.PKCS12,
                    data.resolve("nope.p12").toString(), null, cluster.trustStore().toString());
            assertThatThrownBy(() -> connector.connect(missing, "x".toCharArray()))
                    .hasMessage("certificate: " + data.resolve("nope.p12") + " does not exist");

            TestPki stranger = TestPki.in(data.resolve("other-pki"));
            ConnectionProfile foreign = new ConnectionProfile("foreign", cluster.adminUrl(0), Format.PKCS12,
                    stranger.operator("mallory", Role.OPERATOR).toString(), null, cluster.trustStore().toString());
            assertThatThrownBy(() -> connector.connect(foreign, TestPki.PASSWORD.toCharArray()))
                    .as("a certificate from another CA is refused in the handshake")
                    .isInstanceOf(RuntimeException.class);
        }
    }

    /** Writes the key store's certificate and key as DIR.pem / DIR.key (what certs.sh also writes). */
    private static Path pem(Path p12, Path base) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        String alias = ks.aliases().nextElement();
        StringBuilder chain = new StringBuilder();
        for (Certificate c : ks.getCertificateChain(alias)) {
            chain.append(pemBlock("CERTIFICATE", c.getEncoded()));
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, TestPki.PASSWORD.toCharArray());
        Path cert = base.resolveSibling(base.getFileName() + ".pem");
        Files.writeString(cert, chain);
        Files.writeString(base.resolveSibling(base.getFileName() + ".key"), pemBlock("PRIVATE KEY", key.getEncoded()));
        return cert;
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
