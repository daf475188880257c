package io.sluice.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate together with its private key and the chain a TLS peer must present
 * ({@code chain = [leaf, CA]}), as minted by {@link CertificateAuthority}.
 *
 * <p>Kept as one value so callers cannot accidentally pair a key with the wrong certificate when
 * building a {@link java.security.KeyStore} ({@link KeyStores#keyStore}) or PEM files
 * ({@link KeyStores#writePem}).
 *
 * @param certificate the leaf certificate (also {@code chain.get(0)})
 * @param privateKey the leaf's private key
 * @param chain the leaf first, then its issuers up to and including the CA; unmodifiable
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    /** Validates the parts and freezes the chain. */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("chain must start with the certificate itself");
        }
    }

    /** Names the certificate without printing key material (the default record toString would). */
    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", chainLength=" + chain.size() + "]";
    }
}
