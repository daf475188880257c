package io.sluice.cluster.integrity;

import io.sluice.testing.TestPki;
import io.sluice.tls.KeyMaterial;
import io.sluice.tls.NodeCredentials;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Node credentials for integrity tests: any key store of a {@link TestPki}, trusting any set of CAs. */
final class Identities {

    private Identities() {
    }

    /** The key and chain of {@code keyStore}, trusting the CAs of {@code trusted}. */
    static NodeCredentials of(Path keyStore, TestPki... trusted) {
        KeyMaterial.KeyEntry entry = KeyMaterial.keyEntry(keyStore, TestPki.PASSWORD);
        return new NodeCredentials(entry.key(), entry.chain(), cas(trusted));
    }

    static List<X509Certificate> cas(TestPki... pkis) {
        return java.util.Arrays.stream(pkis).map(p -> p.ca().certificate()).toList();
    }

    /** A node certificate with an RSA key, issued by {@code pki}'s CA (the CA tool itself mints EC keys only). */
    static NodeCredentials rsaNode(TestPki pki, String name) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        X509Certificate ca = pki.ca().certificate();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + name + ",OU=node"), pair.getPublic());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pki.ca().privateKey())));
        return new NodeCredentials(pair.getPrivate(), List.of(leaf, ca), List.of(ca));
    }
}
