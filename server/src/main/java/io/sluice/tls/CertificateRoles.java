package io.sluice.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Reads what a Sluice certificate says about its holder: the role the cluster CA wrote as the
 * subject's OU ({@code node}, {@code operator}, {@code viewer}, or none for callers) and the common
 * name, which the admin API records as the acting operator.
 */
public final class CertificateRoles {

    public static final String NODE = "node";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
    /** What {@link #subjectValues} gives for a subject it cannot parse. */
    public static final String UNREADABLE = "(unreadable subject)";

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
        List<String> values = subjectValues(cert, type);
        return values.isEmpty() || values.getFirst().equals(UNREADABLE) ? null : values.getFirst();
    }

    /**
     * Every value of the subject attribute {@code type} ({@code OU}, {@code CN}), in the order of the
     * RFC 2253 name; a subject that cannot be parsed gives the single value {@link #UNREADABLE}.
     */
    public static List<String> subjectValues(X509Certificate cert, String type) {
        try {
            List<String> out = new ArrayList<>();
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
            return out;
        } catch (InvalidNameException e) {
            return List.of(UNREADABLE);
        }
    }
}
