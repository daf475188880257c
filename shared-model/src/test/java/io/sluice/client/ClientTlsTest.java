package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTlsTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void shouldPresentTheCertificateWhenPemCertificateAndKeyMatch() throws Exception {
        ClientTls tls = ClientTls.pem(file("ec.pem", PemFixtures.EC_CERT), file("ec.key", PemFixtures.EC_KEY))
                .trusting(file("ca.pem", PemFixtures.CA + PemFixtures.CA_2), null);

        assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=ec-operator,OU=operator");
        assertThat(tls.sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void shouldAcceptAnRsaIdentityWhenItsKeyMatches() throws Exception {
        ClientTls tls = ClientTls.pem(file("rsa.pem", PemFixtures.RSA_CERT), file("rsa.key", PemFixtures.RSA_KEY));

        assertThat(tls.certificate().getSubjectX500Principal().getName()).contains("CN=rsa-viewer");
    }

    @Test
    void shouldNameBothFilesWhenTheKeyBelongsToAnotherCertificate() throws Exception {
        Path cert = file("rsa.pem", PemFixtures.RSA_CERT);
        Path key = file("ec.key", PemFixtures.EC_KEY);

        assertThatThrownBy(() -> ClientTls.pem(cert, key))
                .hasMessageContaining("the key in " + key + " does not belong to the certificate in " + cert);
    }

    @Test
    void shouldRefuseWhenAnEcKeyIsNotTheCertificatesEcKey() throws Exception {
        Path cert = file("ec.pem", PemFixtures.EC_CERT);
        Path other = file("other.key", PemFixtures.OTHER_EC_KEY);

        assertThatThrownBy(() -> ClientTls.pem(cert, other)).hasMessageContaining("does not belong");
    }

    @Test
    void shouldReadAPkcs12IdentityAndTrustStoreWhenThePasswordIsRight() throws Exception {
        char[] password = "changeit".toCharArray();
        Path p12 = dir.resolve("operator.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("operator", Pem.privateKey(PemFixtures.EC_KEY, "k"), password,
                Pem.certificates(PemFixtures.EC_CERT + PemFixtures.CA, "c").toArray(X509Certificate[]::new));
        store(ks, p12, password);
        Path trust = dir.resolve("truststore.p12");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", Pem.certificates(PemFixtures.CA, "ca").getFirst());
        store(ts, trust, password);

        ClientTls tls = ClientTls.pkcs12(p12, password).trusting(trust, password);

        assertThat(tls.certificate().getSubjectX500Principal().getName()).contains("ec-operator");
        assertThat(tls.sslContext()).isNotNull();
        assertThatThrownBy(() -> ClientTls.pkcs12(p12, "wrong".toCharArray())).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> ClientTls.pkcs12(trust, password)).hasMessageContaining("holds no private key entry");
        assertThatThrownBy(() -> tls.trusting(trust, null)).hasMessageContaining("needs its password");
        assertThat(Collections.list(ts.aliases())).containsExactly("ca");
    }

    private static void store(KeyStore ks, Path file, char[] password) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
    }
}
