package io.sluice.admin;

import io.sluice.tls.CertificateRoles;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Who is calling the admin API, as their client certificate says: the TLS handshake on the admin
 * port already required a certificate chaining to the cluster CA, so what is left is its common
 * name (recorded as the actor of every change) and its role (subject OU): {@code operator} may act,
 * {@code viewer} and {@code node} may read, anything else may do nothing.
 */
public record AdminCaller(String name, String role, String subject) {

    /** The caller of {@code request}, or null when the connection carries no client certificate. */
    static AdminCaller of(Request request) {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl)) {
            return null;
        }
        X509Certificate[] chain = ssl.peerCertificates();
        if (chain == null || chain.length == 0) {
            return null;
        }
        X509Certificate leaf = chain[0];
        return new AdminCaller(CertificateRoles.commonName(leaf), CertificateRoles.role(leaf),
                leaf.getSubjectX500Principal().getName());
    }

    public boolean mayRead() {
        return mayAct() || CertificateRoles.VIEWER.equals(role) || CertificateRoles.NODE.equals(role);
    }

    public boolean mayAct() {
        return CertificateRoles.OPERATOR.equals(role);
    }
}
