package io.sluice.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * This node's key material at one moment: its private key, its certificate chain (leaf first) and
 * the CA certificates it trusts (the trust bundle). Immutable; a rotation produces a new instance,
 * handed out by {@link IdentityWatch#current()}.
 */
public record NodeCredentials(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustedCas) {

    public NodeCredentials {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        trustedCas = List.copyOf(trustedCas);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("the trust store holds no CA certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    @Override
    public String toString() {
        return "NodeCredentials[" + certificate().getSubjectX500Principal().getName() + ", serial "
                + certificate().getSerialNumber().toString(16) + ", " + trustedCas.size() + " trusted CA(s)]";
    }
}
