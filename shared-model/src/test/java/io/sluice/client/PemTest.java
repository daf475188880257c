package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryCertificateOfABundleWhenTextSurroundsTheBlocks() {
        String bundle = "Fixture CA\n" + PemFixtures.CA + "\n# the next one\r\n" + PemFixtures.CA_2.replace("\n", "\r\n");

        var certs = Pem.certificates(bundle, "bundle.pem");

        assertThat(certs).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=Fixture CA", "CN=Fixture CA 2");
    }

    @Test
    void shouldReadAChainLeafFirstWhenTheCertificateFileHoldsTheCaToo() throws Exception {
        Path file = Files.writeString(dir.resolve("chain.pem"), PemFixtures.EC_CERT + PemFixtures.CA);

        var chain = Pem.certificates(file);

        assertThat(chain).hasSize(2);
        assertThat(chain.getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=ec-operator,OU=operator");
    }

    @Test
    void shouldReadAnEcKeyWhenItIsPkcs8() {
        assertThat(Pem.privateKey(PemFixtures.EC_KEY, "ec.key")).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void shouldReadAnRsaKeyWhenItIsPkcs8() {
        assertThat(Pem.privateKey(PemFixtures.RSA_KEY, "rsa.key")).isInstanceOf(RSAPrivateKey.class);
    }

    @Test
    void shouldFindTheKeyWhenCertificateAndKeyShareAFile() {
        assertThat(Pem.privateKey(PemFixtures.EC_CERT + PemFixtures.EC_KEY, "both.pem").getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void shouldSayHowToConvertWhenTheKeyIsSec1() {
        assertThatThrownBy(() -> Pem.privateKey(PemFixtures.EC_KEY_SEC1, "old.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old.key holds a EC PRIVATE KEY")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in old.key");
    }

    @Test
    void shouldRefuseWithAdviceWhenTheKeyIsEncrypted() {
        assertThatThrownBy(() -> Pem.privateKey(PemFixtures.EC_KEY_ENCRYPTED, "enc.key"))
                .hasMessageContaining("enc.key holds an encrypted key");
    }

    @Test
    void shouldNameTheFileWhenItHoldsNoKey() {
        assertThatThrownBy(() -> Pem.privateKey(PemFixtures.CA, "ca.pem"))
                .hasMessage("ca.pem holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    @Test
    void shouldNameTheFileWhenItHoldsNoCertificate() {
        assertThatThrownBy(() -> Pem.certificates(PemFixtures.EC_KEY, "key.pem"))
                .hasMessage("key.pem holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void shouldRefuseWhenTheBlockIsNotADerKey() {
        String notDer = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.privateKey(notDer, "junk.key")).hasMessageContaining("junk.key: the PRIVATE KEY block is not PKCS#8 DER");
    }

    @Test
    void shouldSayNoSuchFileWhenTheFileIsMissing() {
        assertThatThrownBy(() -> Pem.certificates(dir.resolve("missing.pem"))).hasMessageContaining("no such file");
    }
}
