package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certs dev-setup}: roles, operator and viewer certificates, the PEM bundle, safe re-runs. */
class DevSetupTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void shouldCreateNodesOperatorViewerAndBundleThenKeepThemWhenRunAgain() throws Exception {
        cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "2");

        assertThat(Stream.of("node-1", "node-2", "operator", "viewer"))
                .allSatisfy(n -> assertThat(Stream.of(".p12", ".pem", ".key").map(e -> dir.resolve(n + e)))
                        .allMatch(Files::isRegularFile));
        assertThat(subject("node-1")).isEqualTo("CN=node-1,OU=node");
        assertThat(subject("operator")).isEqualTo("CN=operator,OU=operator");
        assertThat(subject("viewer")).isEqualTo("CN=viewer,OU=viewer");
        X509Certificate ca = CertificateAuthority.load(dir.resolve("ca/ca.p12"), PASSWORD).certificate();
        assertThat(CertificateFiles.certificates(dir.resolve("ca-bundle.pem"), null)).containsExactly(ca);

        String again = cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "2");

        assertThat(again).contains("kept " + dir.resolve("operator.p12"), "kept " + dir.resolve("viewer.p12"),
                "kept " + dir.resolve("ca-bundle.pem")).doesNotContain("reissuing", "created", "wrote");
        assertThat(backups()).isZero();
    }

    @Test
    void shouldReissueCertificatesWithoutTheirRoleWhenSetupIsOlder() throws Exception {
        cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "2");
        CertificateAuthority ca = CertificateAuthority.load(dir.resolve("ca/ca.p12"), PASSWORD);
        // node-1 as dev-setup wrote it before roles existed: CN only; viewer with the wrong role
        KeyStores.writeAtomically(KeyStores.keyStore(ca.issueClient("node-1", Duration.ofDays(300)), "node-1", PASSWORD),
                dir.resolve("node-1.p12"), PASSWORD);
        KeyStores.writeAtomically(KeyStores.keyStore(ca.issueOperator("viewer", Role.OPERATOR, Duration.ofDays(300)),
                "viewer", PASSWORD), dir.resolve("viewer.p12"), PASSWORD);

        String out = cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "2");

        assertThat(out).contains("reissuing node-1: no role (OU=node missing",
                "reissuing viewer: role OU=operator, expected OU=viewer", "kept " + dir.resolve("node-2.p12"));
        assertThat(subject("node-1")).isEqualTo("CN=node-1,OU=node");
        assertThat(subject("viewer")).isEqualTo("CN=viewer,OU=viewer");
    }

    @Test
    void shouldKeepCertificatesOfTheNextCaAndRefreshBundleDuringCaRotation() throws Exception {
        cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "1");
        cli.ok("create-ca", "--dir", dir.resolve("ca-next").toString(), "--cn", "Next CA");
        cli.ok("trust-bundle", "--out", dir.resolve("truststore.p12").toString(),
                "--add", dir.resolve("ca-next/ca.pem").toString());
        cli.ok("renew", dir.resolve("node-1.p12").toString(), "--ca-dir", dir.resolve("ca-next").toString());
        byte[] renewed = Files.readAllBytes(dir.resolve("node-1.p12"));

        String out = cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "1");

        assertThat(out).contains("CA rotation in progress", "kept " + dir.resolve("node-1.p12"),
                "kept " + dir.resolve("truststore.p12"), "wrote " + dir.resolve("ca-bundle.pem") + " (2 CAs");
        assertThat(Files.readAllBytes(dir.resolve("node-1.p12"))).isEqualTo(renewed);
        assertThat(CertificateFiles.certificates(dir.resolve("ca-bundle.pem"), null)).hasSize(2);
    }

    private String subject(String name) throws Exception {
        return ((X509Certificate) KeyStores.load(dir.resolve(name + ".p12"), PASSWORD).getCertificate(name))
                .getSubjectX500Principal().getName();
    }

    private long backups() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".bak-")).count();
        }
    }
}
