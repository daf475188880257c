package io.sluice.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * {@code certs inspect}: prints subject, issuer, alternative names, serial and expiry of every
 * certificate in a PKCS12 store or PEM file, so an operator can check what a node will present
 * (and when it runs out) without keytool or openssl.
 */
final class Inspector {

    private static final Map<String, String> PURPOSES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth", "1.3.6.1.5.5.7.3.2", "clientAuth");

    private record Entry(String label, X509Certificate certificate) {
    }

    private Inspector() {
    }

    static void inspect(CliArgs args, PrintStream out) {
        Path file = CliArgs.toPath("FILE", args.positional(0));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no such file: " + file);
        }
        List<Entry> entries = isPem(file) ? fromPem(file) : fromPkcs12(file, args.password());
        out.println(file + ": " + entries.size() + " certificate" + (entries.size() == 1 ? "" : "s"));
        Instant now = Instant.now();
        for (Entry entry : entries) {
            X509Certificate cert = entry.certificate();
            long daysLeft = Duration.between(now, cert.getNotAfter().toInstant()).toDays();
            out.println(entry.label());
            out.println("  subject:   " + cert.getSubjectX500Principal().getName());
            out.println("  issuer:    " + cert.getIssuerX500Principal().getName());
            out.println("  SANs:      " + subjectAltNames(cert));
            out.println("  EKU:       " + extendedKeyUsage(cert) + (cert.getBasicConstraints() >= 0 ? " (CA)" : ""));
            out.println("  serial:    " + cert.getSerialNumber().toString(16));
            out.println("  not-after: " + cert.getNotAfter().toInstant());
            out.println("  days left: " + daysLeft
                    + (cert.getNotAfter().toInstant().isBefore(now) ? " (EXPIRED)" : ""));
        }
    }

    private static boolean isPem(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
            return head.contains("-----BEGIN ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Entry> fromPem(Path file) {
        List<Entry> entries = new ArrayList<>();
        try (PemReader reader = new PemReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.US_ASCII))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemObject pem = reader.readPemObject(); pem != null; pem = reader.readPemObject()) {
                if (pem.getType().equals("CERTIFICATE")) {
                    var cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.getContent()));
                    entries.add(new Entry("certificate " + (entries.size() + 1), cert));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PEM " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bad certificate in " + file + ": " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException(file + " holds no CERTIFICATE block (a private key file?)");
        }
        return entries;
    }

    private static List<Entry> fromPkcs12(Path file, char[] password) {
        KeyStore store = KeyStores.load(file, password);
        List<Entry> entries = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases()).stream().sorted().toList()) {
                Certificate[] chain = store.isKeyEntry(alias)
                        ? store.getCertificateChain(alias) : new Certificate[] {store.getCertificate(alias)};
                for (int i = 0; chain != null && i < chain.length; i++) {
                    String label = store.isKeyEntry(alias)
                            ? "alias " + alias + " [key entry, chain " + (i + 1) + "/" + chain.length + "]"
                            : "alias " + alias + " [trusted certificate]";
                    if (chain[i] instanceof X509Certificate x509) {
                        entries.add(new Entry(label, x509));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return entries;
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
