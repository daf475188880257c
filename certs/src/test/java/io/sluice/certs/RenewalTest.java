package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certs renew}: new key and serial, same identity, files replaced with backups. */
class RenewalTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private Path caDir;

    @BeforeEach
    void createCa() {
        caDir = dir.resolve("ca");
        cli.ok("create-ca", "--dir", caDir.toString());
    }

    @Test
    void shouldKeepSubjectSansAndUsagesButChangeKeyAndSerialWhenRenewingNode() throws Exception {
        cli.ok("issue-node", "--ca-dir", caDir.toString(), "--name", "node-1", "--dns", "localhost,gw.example",
                "--ip", "127.0.0.1,::1", "--days", "30", "--out", dir.toString());
        Path p12 = dir.resolve("node-1.p12");
        X509Certificate old = leaf(p12, "node-1");
        PrivateKey oldKey = (PrivateKey) KeyStores.load(p12, PASSWORD).getKey("node-1", PASSWORD);
        String oldKeyPem = Files.readString(dir.resolve("node-1.key"));

        String out = cli.ok("renew", p12.toString(), "--ca-dir", caDir.toString());

        X509Certificate renewed = leaf(p12, "node-1");
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getPublicKey()).isNotEqualTo(old.getPublicKey());
        assertThat(KeyStores.load(p12, PASSWORD).getKey("node-1", PASSWORD)).isNotEqualTo(oldKey);
        assertThat(renewed.getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
        assertThat(Certificates.unit(renewed)).isEqualTo("node");
        assertThat(List.copyOf(renewed.getSubjectAlternativeNames())).isEqualTo(List.copyOf(old.getSubjectAlternativeNames()));
        assertThat(renewed.getKeyUsage()).isEqualTo(old.getKeyUsage());
        assertThat(renewed.getExtendedKeyUsage()).isEqualTo(old.getExtendedKeyUsage());
        assertThat(renewed.getCriticalExtensionOIDs()).isEqualTo(old.getCriticalExtensionOIDs());
        assertThat(renewed.getNotAfter().toInstant())
                .as("keeps the old lifetime by default").isCloseTo(Instant.now().plus(Duration.ofDays(30)),
                        org.assertj.core.api.Assertions.within(2, java.time.temporal.ChronoUnit.MINUTES));
        renewed.verify(CertificateAuthority.load(caDir.resolve("ca.p12"), PASSWORD).certificate().getPublicKey());

        assertThat(out).contains("renewed " + p12 + ": serial " + old.getSerialNumber().toString(16) + " -> "
                + renewed.getSerialNumber().toString(16) + ", not-after " + renewed.getNotAfter().toInstant()
                + ", CN=node-1,OU=node (issuer CN=Sluice CA)");
        assertThat(Files.readString(dir.resolve("node-1.key"))).isNotEqualTo(oldKeyPem);
        assertThat(CertificateFiles.certificates(dir.resolve("node-1.pem"), null).getFirst()).isEqualTo(renewed);
        assertThat(backups()).anyMatch(n -> n.startsWith("node-1.p12.bak-"))
                .anyMatch(n -> n.startsWith("node-1.pem.bak-")).anyMatch(n -> n.startsWith("node-1.key.bak-"));
    }

    @Test
    void shouldRenewSeveralFilesAndKeepRolesWhenGivenOperatorAndViewer() throws Exception {
        cli.ok("issue-operator", "--ca-dir", caDir.toString(), "--name", "operator", "--role", "operator",
                "--out", dir.toString());
        cli.ok("issue-operator", "--ca-dir", caDir.toString(), "--name", "viewer", "--role", "viewer",
                "--out", dir.toString());
        X509Certificate oldOperator = leaf(dir.resolve("operator.p12"), "operator");

        String out = cli.ok("renew", dir.resolve("operator.p12").toString(), dir.resolve("viewer.p12").toString(),
                "--ca-dir", caDir.toString(), "--days", "5");

        assertThat(out.lines().filter(l -> l.startsWith("renewed "))).hasSize(2);
        X509Certificate operator = leaf(dir.resolve("operator.p12"), "operator");
        X509Certificate viewer = leaf(dir.resolve("viewer.p12"), "viewer");
        assertThat(operator.getSerialNumber()).isNotEqualTo(oldOperator.getSerialNumber());
        assertThat(operator.getSubjectX500Principal().getName()).isEqualTo("CN=operator,OU=operator");
        assertThat(viewer.getSubjectX500Principal().getName()).isEqualTo("CN=viewer,OU=viewer");
        assertThat(operator.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(Certificates.daysLeft(viewer, Instant.now())).isEqualTo(4);
    }

    @Test
    void shouldMoveCertificateToAnotherCaWhenRenewedWithIt() throws Exception {
        cli.ok("issue-node", "--ca-dir", caDir.toString(), "--name", "node-1", "--out", dir.toString());
        Path nextDir = dir.resolve("ca-next");
        cli.ok("create-ca", "--dir", nextDir.toString(), "--cn", "Next CA");

        cli.ok("renew", dir.resolve("node-1.p12").toString(), "--ca-dir", nextDir.toString());

        KeyStore store = KeyStores.load(dir.resolve("node-1.p12"), PASSWORD);
        X509Certificate next = CertificateAuthority.load(nextDir.resolve("ca.p12"), PASSWORD).certificate();
        assertThat(store.getCertificateChain("node-1")).hasSize(2).endsWith(next);
        ((X509Certificate) store.getCertificate("node-1")).verify(next.getPublicKey());
        assertThat(Files.readString(dir.resolve("node-1.pem"))).contains(pemBody(nextDir.resolve("ca.pem")));
    }

    @Test
    void shouldChangeNothingWhenOneOfTheFilesCannotBeRenewed() throws Exception {
        cli.ok("issue-node", "--ca-dir", caDir.toString(), "--name", "node-1", "--out", dir.toString());
        byte[] before = Files.readAllBytes(dir.resolve("node-1.p12"));

        int code = cli.run("renew", dir.resolve("node-1.p12").toString(), dir.resolve("truststore.p12").toString(),
                "--ca-dir", caDir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("truststore.p12 holds 0 key entries", "renew needs a key store with exactly one");
        assertThat(Files.readAllBytes(dir.resolve("node-1.p12"))).isEqualTo(before);
        assertThat(backups()).isEmpty();
    }

    @Test
    void shouldRefuseCaKeyStoreAndWrongPasswordWithClearMessages() {
        assertThat(cli.run("renew", caDir.resolve("ca.p12").toString(), "--ca-dir", caDir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("is a CA certificate; renew leaves only");

        cli.ok("issue-node", "--ca-dir", caDir.toString(), "--name", "node-1", "--out", dir.toString());
        assertThat(cli.run("renew", dir.resolve("node-1.p12").toString(), "--ca-dir", caDir.toString(),
                "--password", "wrong")).isEqualTo(1);
        assertThat(cli.err()).contains("wrong password").doesNotContain("Exception");

        assertThat(cli.run("renew", dir.resolve("missing.p12").toString(), "--ca-dir", caDir.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("no such file");
    }

    @Test
    void shouldReplaceOnlyTheKeyStoreWhenItHasNoPemSiblings() throws Exception {
        IssuedCertificate client = CertificateAuthority.load(caDir.resolve("ca.p12"), PASSWORD)
                .issueClient("lonely", Duration.ofDays(3));
        Path p12 = dir.resolve("lonely.p12");
        KeyStores.writeAtomically(KeyStores.keyStore(client, "lonely", PASSWORD), p12, PASSWORD);

        String out = cli.ok("renew", p12.toString(), "--ca-dir", caDir.toString());

        assertThat(out).contains("wrote " + p12 + " (alias \"lonely\")");
        assertThat(dir.resolve("lonely.key")).doesNotExist();
        assertThat(leaf(p12, "lonely").getSerialNumber()).isNotEqualTo(client.certificate().getSerialNumber());
    }

    private static X509Certificate leaf(Path p12, String alias) throws Exception {
        return (X509Certificate) KeyStores.load(p12, PASSWORD).getCertificate(alias);
    }

    private List<String> backups() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".bak-")).toList();
        }
    }

    static String pemBody(Path pem) throws Exception {
        return Files.readString(pem).lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat)
                .substring(0, 60);
    }
}
