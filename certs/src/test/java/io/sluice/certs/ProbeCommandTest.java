package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certs probe} against real TLS servers on port 0, with and without required client certificates. */
class ProbeCommandTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private Path node;
    private Path trust;
    private Path operator;

    @BeforeEach
    void devSetup() {
        cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "2");
        node = dir.resolve("node-1.p12");
        trust = dir.resolve("truststore.p12");
        operator = dir.resolve("operator.p12");
    }

    @Test
    void shouldPrintServedCertificateWhenHandshakeSucceeds() throws Exception {
        try (TestTlsServer server = new TestTlsServer(node, null, PASSWORD)) {
            String out = cli.ok("probe", server.target(), "--trust", dir.resolve("ca/ca.pem").toString());

            X509Certificate served = leaf(node, "node-1");
            assertThat(out).contains(server.target() + ": TLSv1.3 handshake ok", "subject:   CN=node-1,OU=node",
                    "role:      node", "issuer:    CN=Sluice Dev CA",
                    "serial:    " + served.getSerialNumber().toString(16),
                    "not-after: " + served.getNotAfter().toInstant(),
                    "days left: " + Certificates.daysLeft(served, Instant.now()));
        }
    }

    @Test
    void shouldPresentClientCertificateWhenServerRequiresOne() throws Exception {
        try (TestTlsServer server = new TestTlsServer(node, trust, PASSWORD)) {
            cli.ok("probe", server.target(), "--cert", operator.toString(), "--trust", trust.toString());

            assertThat(server.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void shouldExitOneWithHandshakeErrorWhenRequiredClientCertificateIsMissing() throws Exception {
        try (TestTlsServer server = new TestTlsServer(node, trust, PASSWORD)) {
            int code = cli.run("probe", server.target(), "--trust", trust.toString());

            assertThat(code).isEqualTo(1);
            assertThat(cli.err()).startsWith("certs probe: error: " + server.target() + ": handshake failed: ")
                    .contains("pass --cert").doesNotContain("\tat ");
            assertThat(server.handshakes()).isZero();
        }
    }

    @Test
    void shouldExitOneWhenClientCertificateComesFromAnotherCa() throws Exception {
        Path other = dir.resolve("other");
        cli.ok("create-ca", "--dir", other.resolve("ca").toString(), "--cn", "Stranger CA");
        cli.ok("issue-operator", "--ca-dir", other.resolve("ca").toString(), "--name", "mallory", "--role", "operator",
                "--out", other.toString());
        try (TestTlsServer server = new TestTlsServer(node, trust, PASSWORD)) {
            int code = cli.run("probe", server.target(), "--cert", other.resolve("mallory.p12").toString(),
                    "--trust", trust.toString());

            assertThat(code).isEqualTo(1);
            assertThat(cli.err()).contains("handshake failed", "did not accept our client certificate");
        }
    }

    @Test
    void shouldExitOneWhenServerCertificateIsNotTrustedOrNamed() throws Exception {
        cli.ok("create-ca", "--dir", dir.resolve("other").toString(), "--cn", "Stranger CA");
        try (TestTlsServer server = new TestTlsServer(node, null, PASSWORD)) {
            assertThat(cli.run("probe", server.target(), "--trust", dir.resolve("other/ca.pem").toString())).isEqualTo(1);
            assertThat(cli.err()).contains("not issued by a CA in the trust store");

            assertThat(cli.run("probe", server.target(), "--trust", trust.toString(), "--server-name", "gw.example"))
                    .isEqualTo(1);
            assertThat(cli.err()).contains("does not name this host");

            cli.ok("probe", server.target(), "--trust", trust.toString(), "--server-name", "localhost");
        }
    }

    @Test
    void shouldExitOneWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }

        assertThat(cli.run("probe", "127.0.0.1:" + port, "--trust", trust.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("127.0.0.1:" + port + ": cannot connect");
    }

    @Test
    void shouldPrintOneJsonLinePerTargetWhenAskedForJson() throws Exception {
        try (TestTlsServer one = new TestTlsServer(node, trust, PASSWORD);
                TestTlsServer two = new TestTlsServer(dir.resolve("node-2.p12"), trust, PASSWORD)) {
            String out = cli.ok("probe", one.target(), two.target(), "--cert", operator.toString(),
                    "--trust", trust.toString(), "--json");

            assertThat(out.lines()).hasSize(2);
            assertThat(out.lines().toList().get(0)).startsWith("{\"target\":\"" + one.target() + "\",\"ok\":true,")
                    .contains("\"subject\":\"CN=node-1,OU=node\"", "\"role\":\"node\"",
                            "\"serial\":\"" + leaf(node, "node-1").getSerialNumber().toString(16) + "\"")
                    .endsWith("}");
            assertThat(out.lines().toList().get(1)).contains("\"subject\":\"CN=node-2,OU=node\"");
        }
    }

    @Test
    void shouldWaitUntilServerServesExpectedSerialWhenKeyStoreIsReplaced() throws Exception {
        Path staged = Files.createDirectories(dir.resolve("staged")).resolve("node-1.p12");
        Files.copy(node, staged);
        cli.ok("renew", staged.toString(), "--ca-dir", dir.resolve("ca").toString());
        String renewed = leaf(staged, "node-1").getSerialNumber().toString(16);

        try (TestTlsServer server = new TestTlsServer(node, trust, PASSWORD)) {
            Cli waiting = new Cli();
            CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(() -> waiting.run("probe", server.target(),
                    "--cert", operator.toString(), "--trust", trust.toString(), "--expect-serial", renewed, "--wait", "10"));
            Thread.sleep(1_000);
            assertThat(probe).isNotDone();
            Files.move(staged, node, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            assertThat(probe.get(15, TimeUnit.SECONDS)).as(waiting.err()).isZero();
            assertThat(waiting.out()).contains("serial:    " + renewed, "expected:  " + renewed + " (served)");
            assertThat(server.handshakes()).isGreaterThan(1);
        }
    }

    @Test
    void shouldExitOneWhenExpectedSerialIsNotServedInTime() throws Exception {
        try (TestTlsServer server = new TestTlsServer(node, trust, PASSWORD)) {
            int code = cli.run("probe", server.target(), "--cert", operator.toString(), "--trust", trust.toString(),
                    "--expect-serial", "abc", "--wait", "1", "--json");

            assertThat(code).isEqualTo(1);
            String served = leaf(node, "node-1").getSerialNumber().toString(16);
            assertThat(cli.err()).contains(server.target() + " serves serial " + served + ", not abc (waited 1 s)");
            assertThat(cli.out()).contains("\"ok\":false", "\"handshake\":true", "\"expectedSerial\":\"abc\"",
                    "\"served\":false");
        }
    }

    private static X509Certificate leaf(Path p12, String alias) throws Exception {
        return (X509Certificate) KeyStores.load(p12, PASSWORD).getCertificate(alias);
    }
}
