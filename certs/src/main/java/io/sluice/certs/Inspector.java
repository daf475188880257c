package io.sluice.certs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code certs inspect}: prints subject, role, issuer, alternative names, serial and expiry of
 * every certificate in a PKCS12 store (key store or trust store with several CAs) or PEM file, so
 * an operator can check what a node will present (and when it runs out) without keytool or openssl.
 */
final class Inspector {

    private static final Map<String, String> PURPOSES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth", "1.3.6.1.5.5.7.3.2", "clientAuth");

    private Inspector() {
    }

    static void inspect(CliArgs args, PrintStream out) {
        Path file = CliArgs.toPath("FILE", args.positional(0));
        List<CertificateFiles.Found> entries = CertificateFiles.read(file, args.password());
        out.println(file + ": " + entries.size() + " certificate" + (entries.size() == 1 ? "" : "s"));
        Instant now = Instant.now();
        for (CertificateFiles.Found entry : entries) {
            X509Certificate cert = entry.certificate();
            out.println(entry.label());
            out.println("  subject:   " + cert.getSubjectX500Principal().getName());
            out.println("  role:      " + (cert.getBasicConstraints() >= 0 ? "(CA)" : Certificates.roleText(cert)));
            out.println("  issuer:    " + cert.getIssuerX500Principal().getName());
            out.println("  SANs:      " + subjectAltNames(cert));
            out.println("  EKU:       " + extendedKeyUsage(cert));
            out.println("  serial:    " + Certificates.serial(cert));
            out.println("  not-after: " + cert.getNotAfter().toInstant());
            out.println("  days left: " + Certificates.daysLeft(cert, now)
                    + (cert.getNotAfter().toInstant().isBefore(now) ? " (EXPIRED)" : ""));
        }
    }

    private static String subjectAltNames(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null || names.isEmpty()) {
                return "(none)";
            }
            return names.stream().map(n -> switch ((Integer) n.get(0)) {
                case 1 -> "email:";
                case 2 -> "DNS:";
                case 6 -> "URI:";
                case 7 -> "IP:";
                default -> "type" + n.get(0) + ":";
            } + n.get(1)).collect(Collectors.joining(", "));
        } catch (GeneralSecurityException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String extendedKeyUsage(X509Certificate cert) {
        try {
            List<String> oids = cert.getExtendedKeyUsage();
            if (oids == null || oids.isEmpty()) {
                return "(none)";
            }
            return oids.stream().map(o -> PURPOSES.getOrDefault(o, o)).collect(Collectors.joining(", "));
        } catch (GeneralSecurityException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
