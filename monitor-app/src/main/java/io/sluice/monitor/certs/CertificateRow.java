package io.sluice.monitor.certs;

import io.sluice.model.CertificateInfo;

/**
 * One certificate one node uses, as the table shows it.
 *
 * @param use  where the node uses it, e.g. {@code admin}, {@code listener:https}, {@code cluster-identity}
 * @param kind {@code leaf} (the node's own) or {@code trusted-ca}
 * @param file the file it was loaded from; null when it came from elsewhere
 */
public record CertificateRow(String node, String use, String kind, String subject, String issuer, String serial,
                             String role, String notAfter, long daysLeft, String file) {

    static CertificateRow of(String node, CertificateInfo c) {
        return new CertificateRow(node, c.use(), c.kind(), c.subject(), c.issuer(), c.serial(), c.role(),
                c.notAfter(), c.daysLeft(), c.file());
    }

    public Severity severity() {
        return Severity.of(daysLeft);
    }
}
