package io.sluice.auth;

import io.sluice.config.ClientCertConfig;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * Authentication by TLS client certificate. The chain was verified in the handshake; this only
 * compares the subject with the allowed names as X.500 names (canonical form, so
 * {@code cn=a, o=B} equals {@code CN=a,O=B}).
 */
final class ClientCertificates implements CredentialCheck {

    private final Set<X500Principal> allowed;

    ClientCertificates(ClientCertConfig config) {
        this.allowed = config.subjects().stream().map(X500Principal::new).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Verdict check(Credentials credentials) {
        X509Certificate certificate = credentials.clientCertificate();
        if (certificate == null) {
            return Verdict.ABSENT;
        }
        X500Principal subject = certificate.getSubjectX500Principal();
        Identity identity = new Identity("cert", subject.getName(X500Principal.RFC2253));
        if (allowed.isEmpty() || allowed.contains(subject)) {
            return new Verdict.Allowed(identity);
        }
        return new Verdict.Denied(identity, "certificate subject is not in clientCert.subjects");
    }
}
