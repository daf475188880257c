package io.sluice.monitor.session;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who the monitor acts as: the common name of its client certificate (the actor the nodes
 * record for every change) and the role the cluster CA wrote as the subject's OU. The nodes
 * decide what a certificate may do; the monitor only reads the same OU to disable the buttons a
 * viewer would be refused anyway.
 */
public record Identity(String name, String role, String subject) {

    public static final String OPERATOR = "operator";

    public static Identity of(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        String cn = null;
        String ou = null;
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                } else if (rdn.getType().equalsIgnoreCase("OU") && ou == null) {
                    ou = String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT);
                }
            }
        } catch (InvalidNameException e) {
            // a subject the JDK printed is always a valid name; keep the nulls if not
        }
        return new Identity(cn == null ? subject : cn, ou, subject);
    }

    /** True when the nodes let this certificate trip, reset, roll back and drain. */
    public boolean mayAct() {
        return OPERATOR.equals(role);
    }

    /** {@code dana (operator)} */
    public String label() {
        return name + " (" + (role == null ? "no role" : role) + ")";
    }
}
