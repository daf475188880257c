package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certs trust-bundle}: a trust store with several CAs and its PEM twin. */
class TrustBundleTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private Path oldCa;
    private Path newCa;
    private Path trust;

    @BeforeEach
    void createCas() {
        cli.ok("create-ca", "--dir", dir.resolve("ca").toString(), "--cn", "Old CA");
        cli.ok("create-ca", "--dir", dir.resolve("ca-next").toString(), "--cn", "New CA");
        oldCa = dir.resolve("ca/ca.pem");
        newCa = dir.resolve("ca-next/ca.pem");
        trust = dir.resolve("truststore.p12");
    }

    @Test
    void shouldCreateBundleWithBothCasAndPemSiblingWhenAddingTwo() throws Exception {
        String out = cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString(), newCa.toString());

        assertThat(trusted(trust)).containsExactlyInAnyOrder(cert(oldCa), cert(newCa));
        assertThat(aliases(trust)).containsExactlyInAnyOrder("ca", "ca-2");
        assertThat(CertificateFiles.certificates(dir.resolve("truststore.pem"), null)).containsExactly(cert(oldCa), cert(newCa));
        assertThat(out).contains("added ca: CN=Old CA", "added ca-2: CN=New CA", "wrote " + trust,
                trust + " trusts 2 CAs:", "serial " + cert(newCa).getSerialNumber().toString(16));
    }

    @Test
    void shouldAddToExistingStoreKeepingAliasesAndBackupWhenEditing() throws Exception {
        cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString());

        String out = cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString(),
                "--add", dir.resolve("ca-next/ca.p12").toString(), "--pem", dir.resolve("ca-bundle.pem").toString());

        assertThat(out).contains("already trusted: CN=Old CA", "added ca-2: CN=New CA", "rewrote " + trust);
        assertThat(trusted(trust)).containsExactlyInAnyOrder(cert(oldCa), cert(newCa));
        assertThat(CertificateFiles.certificates(dir.resolve("ca-bundle.pem"), null)).hasSize(2);
        assertThat(names()).anyMatch(n -> n.startsWith("truststore.p12.bak-"));
    }

    @Test
    void shouldRemoveByFileOrSerialAndRefuseToRemoveTheLast() throws Exception {
        cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString(), newCa.toString());

        String out = cli.ok("trust-bundle", "--out", trust.toString(), "--remove", oldCa.toString());
        assertThat(out).contains("removed ca: CN=Old CA", trust + " trusts 1 CA:");
        assertThat(trusted(trust)).containsExactly(cert(newCa));
        assertThat(CertificateFiles.certificates(dir.resolve("truststore.pem"), null)).containsExactly(cert(newCa));

        byte[] before = Files.readAllBytes(trust);
        String serial = cert(newCa).getSerialNumber().toString(16).toUpperCase();
        assertThat(cli.run("trust-bundle", "--out", trust.toString(), "--remove", serial)).isEqualTo(1);
        assertThat(cli.err()).contains("refusing to remove the last CA");
        assertThat(Files.readAllBytes(trust)).isEqualTo(before);

        cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString(), "--remove", serial);
        assertThat(trusted(trust)).containsExactly(cert(oldCa));
    }

    @Test
    void shouldLeaveFilesAloneWhenNothingChanges() throws Exception {
        cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString());

        String out = cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString());

        assertThat(out).contains("unchanged " + trust).doesNotContain("wrote");
        assertThat(names()).noneMatch(n -> n.contains(".bak-"));
    }

    @Test
    void shouldFailClearlyWhenRemoveMatchesNothingOrInputIsNoCa() throws Exception {
        cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString());

        assertThat(cli.run("trust-bundle", "--out", trust.toString(), "--remove", "abc123")).isEqualTo(1);
        assertThat(cli.err()).contains("nothing in " + trust + " matches --remove abc123", "it trusts: CN=Old CA");

        assertThat(cli.run("trust-bundle", "--out", trust.toString(), "--remove", "not-a-serial")).isEqualTo(2);
        assertThat(cli.err()).contains("'not-a-serial' is neither an existing file nor a hex serial");

        cli.ok("issue-operator", "--ca-dir", dir.resolve("ca").toString(), "--name", "op", "--role", "operator",
                "--out", dir.resolve("ops").toString());
        assertThat(cli.run("trust-bundle", "--out", dir.resolve("t2.p12").toString(), "--add",
                dir.resolve("ops/op.key").toString())).isEqualTo(1);
        assertThat(cli.err()).contains("holds no CERTIFICATE block");
        assertThat(cli.run("trust-bundle", "--out", dir.resolve("ops/op.p12").toString(), "--add", newCa.toString()))
                .isEqualTo(1);
        assertThat(cli.err()).contains("holds a private key (alias 'op'): trust-bundle edits trust stores only");
    }

    @Test
    void shouldTakeOnlyTheCaFromAChainFile() throws Exception {
        cli.ok("issue-node", "--ca-dir", dir.resolve("ca").toString(), "--name", "n1", "--out", dir.resolve("n").toString());

        cli.ok("trust-bundle", "--out", trust.toString(), "--add", dir.resolve("n/n1.pem").toString());

        assertThat(trusted(trust)).containsExactly(cert(oldCa));
    }

    @Test
    void shouldShowEveryCaWhenInspectingTheBundle() throws Exception {
        cli.ok("trust-bundle", "--out", trust.toString(), "--add", oldCa.toString(), newCa.toString());

        String out = cli.ok("inspect", trust.toString());

        assertThat(out).contains(trust + ": 2 certificates", "alias ca [trusted certificate]",
                "alias ca-2 [trusted certificate]", "subject:   CN=Old CA", "subject:   CN=New CA", "role:      (CA)");
        assertThat(cli.ok("inspect", dir.resolve("truststore.pem").toString())).contains("certificate 2", "CN=New CA");
    }

    private static X509Certificate cert(Path pem) {
        return CertificateFiles.certificates(pem, null).getFirst();
    }

    private static List<X509Certificate> trusted(Path p12) {
        return TrustBundle.trusted(KeyStores.load(p12, PASSWORD));
    }

    private static List<String> aliases(Path p12) throws Exception {
        KeyStore store = KeyStores.load(p12, PASSWORD);
        return Collections.list(store.aliases());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
