package io.sluice.it;

import io.sluice.certs.CertificateAuthority;
import io.sluice.certs.IssuedCertificate;
import io.sluice.certs.KeyStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Certificates minted per test run with the project's own certs module: a CA and a node cert. */
public record TestPki(Path nodeKeyStore, Path trustStore, String password) {

    public static TestPki create(Path dir) {
        CertificateAuthority ca = CertificateAuthority.create("sluice-test-ca", Duration.ofDays(1));
        IssuedCertificate node = ca.issueNode("node-1", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        char[] pw = "test-pass".toCharArray();
        Path keyStore = dir.resolve("node-1.p12");
        Path trust = dir.resolve("truststore.p12");
        KeyStores.writeAtomically(KeyStores.keyStore(node, "node-1", pw), keyStore, pw);
        KeyStores.writeAtomically(KeyStores.trustStore(ca.certificate()), trust, pw);
        return new TestPki(keyStore, trust, "test-pass");
    }
}
