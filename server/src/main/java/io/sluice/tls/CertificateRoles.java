package io.sluice.tls;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Reads what a Sluice certificate says about its holder: the role the cluster CA wrote as the
 * subject's OU ({@code node}, {@code operator}, {@code viewer}, or none for callers) and the common
 * name, which the admin API records as the acting operator.
 */
public final class CertificateRoles {

    public static final String NODE = "node";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    private CertificateRoles() {
    }

    /** The lower-cased OU of the subject, or null if there is none. */
    public static String role(X509Certificate cert) {
        String ou = attribute(cert, "OU");
        return ou == null ? null : ou.toLowerCase(Locale.ROOT);
    }

    /** The subject's CN, or the whole subject if it has none. */
    public static String commonName(X509Certificate cert) {
        String cn = attribute(cert, "CN");
        return cn != null ? cn : cert.getSubjectX500Principal().getName();
    }

    private static String attribute(X509Certificate cert, String type) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
