package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final char[] PASSWORD = "s3cret".toCharArray();

    @TempDir
    Path dir;

    @Test
    void shouldCreateSelfSignedCaWithCaExtensionsWhenCreated() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Test CA", Duration.ofDays(30));
        X509Certificate cert = ca.certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] keyUsage = cert.getKeyUsage();
        assertThat(keyUsage[5]).as("keyCertSign").isTrue();
        assertThat(keyUsage[6]).as("cRLSign").isTrue();
        assertThat(keyUsage[0]).as("digitalSignature").isFalse();
        assertThat(cert.getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(30)).minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
    }

    @Test
    void shouldRestoreSameKeyAndCertificateWhenSavedAndLoaded() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Round Trip CA", Duration.ofDays(10));
        Path file = dir.resolve("nested/ca.p12");

        ca.save(file, PASSWORD);
        CertificateAuthority loaded = CertificateAuthority.load(file, PASSWORD);

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(ca.privateKey().getEncoded());
        assertThat(KeyStores.load(file, PASSWORD).isKeyEntry(CertificateAuthority.ALIAS)).isTrue();
        // the loaded CA still signs: a fresh leaf verifies against the original CA certificate
        loaded.issueClient("after-reload", Duration.ofDays(1)).certificate().verify(ca.certificate().getPublicKey());
    }

    @Test
    void shouldFailWithClearMessageWhenPasswordIsWrong() {
        Path file = dir.resolve("ca.p12");
        CertificateAuthority.create("CA", Duration.ofDays(1)).save(file, PASSWORD);

        assertThatThrownBy(() -> CertificateAuthority.load(file, "nope".toCharArray()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("wrong password");
    }

    @Test
    void shouldIssueNodeCertificateWithSansEkusAndChainWhenIssuedByCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Node CA", Duration.ofDays(100));
        IssuedCertificate node = ca.issueNode("node-1", List.of("localhost", "node-1.sluice.internal"),
                List.of("127.0.0.1", "::1"), Duration.ofDays(7));
        X509Certificate cert = node.certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node-1,OU=node");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(sans(cert)).containsExactly("2:localhost", "2:node-1.sluice.internal", "7:127.0.0.1",
                "7:0:0:0:0:0:0:0:1");
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(node.chain()).containsExactly(cert, ca.certificate());

        cert.verify(ca.certificate().getPublicKey());
        PublicKey otherCa = CertificateAuthority.create("Other", Duration.ofDays(1)).certificate().getPublicKey();
        assertThatThrownBy(() -> cert.verify(otherCa)).isInstanceOf(SignatureException.class);

        cert.checkValidity();
        Instant now = Instant.now();
        assertThat(cert.getNotBefore().toInstant()).isBefore(now);
        assertThat(cert.getNotAfter().toInstant()).isBetween(now.plus(Duration.ofDays(7)).minusSeconds(60),
                now.plus(Duration.ofDays(7)));
        assertThat(node.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void shouldIssueClientAuthOnlyWhenIssuingClient() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Client CA", Duration.ofDays(100));
        X509Certificate cert = ca.issueClient("alice", Duration.ofDays(1)).certificate();

        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(cert.getSubjectAlternativeNames()).isNull();
        cert.verify(ca.certificate().getPublicKey());
    }

    @Test
    void shouldUseDistinctPositive128BitSerialsWhenIssuingRepeatedly() {
        CertificateAuthority ca = CertificateAuthority.create("Serial CA", Duration.ofDays(1));
        var serials = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> ca.issueClient("c" + i, Duration.ofHours(1)).certificate().getSerialNumber())
                .collect(Collectors.toSet());

        assertThat(serials).hasSize(20).allSatisfy(serial -> {
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isEqualTo(128);
        });
    }

    @Test
    void shouldCapLeafValidityAtCaExpiryWhenRequestedLonger() {
        CertificateAuthority ca = CertificateAuthority.create("Short CA", Duration.ofDays(2));
        X509Certificate leaf = ca.issueClient("long", Duration.ofDays(397)).certificate();

        assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void shouldRejectBadInputWhenIssuing() {
        CertificateAuthority ca = CertificateAuthority.create("Strict CA", Duration.ofDays(1));

        assertThatThrownBy(() -> ca.issueNode("n", List.of(), List.of("localhost"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid IP address 'localhost'");
        assertThatThrownBy(() -> ca.issueNode("n", List.of("bad name"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid DNS name");
        assertThatThrownBy(() -> ca.issueClient(" ", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueClient("c", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepIdentityButChangeKeySerialAndIssuerWhenReissuedByAnotherCa() throws Exception {
        CertificateAuthority old = CertificateAuthority.create("Old CA", Duration.ofDays(100));
        CertificateAuthority next = CertificateAuthority.create("Next CA", Duration.ofDays(100));
        IssuedCertificate node = old.issueNode("node-1", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(7));

        IssuedCertificate renewed = next.reissue(node.certificate(), Duration.ofDays(20));
        X509Certificate cert = renewed.certificate();

        assertThat(cert.getSubjectX500Principal()).isEqualTo(node.certificate().getSubjectX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node-1,OU=node");
        assertThat(sans(cert)).isEqualTo(sans(node.certificate()));
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(cert.getKeyUsage()).isEqualTo(node.certificate().getKeyUsage());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSerialNumber()).isNotEqualTo(node.certificate().getSerialNumber());
        assertThat(cert.getPublicKey()).isNotEqualTo(node.certificate().getPublicKey());
        assertThat(renewed.chain()).containsExactly(cert, next.certificate());
        cert.verify(next.certificate().getPublicKey());
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(19)));
    }

    @Test
    void shouldRefuseToReissueCaCertificate() {
        CertificateAuthority ca = CertificateAuthority.create("CA", Duration.ofDays(1));

        assertThatThrownBy(() -> ca.reissue(ca.certificate(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a CA certificate");
    }

    private static List<String> sans(X509Certificate cert) throws CertificateParsingException {
        return cert.getSubjectAlternativeNames().stream().map(n -> n.get(0) + ":" + n.get(1)).toList();
    }
}
