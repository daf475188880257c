package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoresTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private IssuedCertificate node;

    @BeforeEach
    void mint() throws Exception {
        assumeThat(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class))
                .as("POSIX permissions").isTrue();
        ca = CertificateAuthority.create("Store CA", Duration.ofDays(1));
        node = ca.issueNode("node-1", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    }

    @Test
    void shouldWriteOwnerOnlyAndKeepBackupWhenOverwritingKeystore() throws Exception {
        Path file = dir.resolve("node-1.p12");
        KeyStores.writeAtomically(KeyStores.keyStore(node, "node-1", PASSWORD), file, PASSWORD);
        byte[] first = Files.readAllBytes(file);
        assertThat(backups("node-1.p12")).isEmpty();

        IssuedCertificate renewed = ca.issueNode("node-1", List.of("localhost"), List.of(), Duration.ofDays(1));
        KeyStores.writeAtomically(KeyStores.keyStore(renewed, "node-1", PASSWORD), file, PASSWORD);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyStores.load(file, PASSWORD).getCertificate("node-1")).isEqualTo(renewed.certificate());
        List<Path> backups = backups("node-1.p12");
        assertThat(backups).hasSize(1);
        assertThat(backups.get(0).getFileName().toString()).matches("node-1\\.p12\\.bak-\\d{8}T\\d{6}Z");
        assertThat(Files.readAllBytes(backups.get(0))).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.get(0)))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void shouldKeepEveryBackupWhenOverwrittenTwiceInTheSameSecond() throws Exception {
        Path file = dir.resolve("ca.p12");
        for (int i = 0; i < 3; i++) {
            CertificateAuthority.create("CA " + i, Duration.ofDays(1)).save(file, PASSWORD);
        }

        assertThat(backups("ca.p12")).hasSize(2);
        assertThat(CertificateAuthority.load(file, PASSWORD).certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=CA 2");
    }

    @Test
    void shouldHoldOnlyTrustedCertificatesWhenBuildingTrustStore() throws Exception {
        CertificateAuthority other = CertificateAuthority.create("Other CA", Duration.ofDays(1));
        Path file = dir.resolve("truststore.p12");
        KeyStores.writeAtomically(KeyStores.trustStore(ca.certificate(), other.certificate()), file, PASSWORD);

        KeyStore loaded = KeyStores.load(file, PASSWORD);
        assertThat(Collections.list(loaded.aliases())).containsExactlyInAnyOrder("ca", "ca-2");
        assertThat(loaded.isCertificateEntry("ca")).isTrue();
        assertThat(loaded.getCertificate("ca-2")).isEqualTo(other.certificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void shouldWriteParseablePemChainAndOwnerOnlyPkcs8KeyWhenWritingPem() throws Exception {
        Path certFile = dir.resolve("node-1.pem");
        Path keyFile = dir.resolve("node-1.key");

        KeyStores.writePem(node, certFile, keyFile);

        try (var in = Files.newInputStream(certFile)) {
            List<java.security.cert.Certificate> certs =
                    List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            assertThat(certs).containsExactly(node.certificate(), ca.certificate());
        }
        String keyPem = Files.readString(keyFile);
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        String base64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertThat(key.getEncoded()).isEqualTo(node.privateKey().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    private List<Path> backups(String name) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(name + ".bak-")).sorted().toList();
        }
    }
}
