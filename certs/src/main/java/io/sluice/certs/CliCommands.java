package io.sluice.certs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The certificate-minting commands of {@link CertsCli}. Each prints one line per file it wrote or
 * kept, so scripts' logs show exactly what changed.
 */
final class CliCommands {

    static final int CA_DAYS = 3650;
    static final int LEAF_DAYS = 397;
    static final int MAX_DAYS = 36500;
    static final String CA_FILE = "ca.p12";
    static final String TRUST_FILE = "truststore.p12";
    /** dev-setup reissues node certificates that expire sooner than this. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private CliCommands() {
    }

    static void createCa(CliArgs args, PrintStream out) {
        Path dir = args.path("--dir");
        String cn = args.get("--cn", "Sluice CA");
        int days = args.positiveInt("--days", CA_DAYS, MAX_DAYS);
        Path p12 = dir.resolve(CA_FILE);
        boolean exists = Files.exists(p12);
        if (exists && !args.flag("--force")) {
            throw new IllegalStateException(p12 + " already exists; pass --force to replace it"
                    + " (every certificate it issued stops being trusted; a backup is kept)");
        }
        CertificateAuthority ca = CertificateAuthority.create(cn, Duration.ofDays(days));
        writeCa(ca, dir, args.password());
        out.println((exists ? "replaced CA (previous one kept as " + CA_FILE + ".bak-*): " : "created CA: ")
                + describe(ca.certificate()));
        out.println("  " + p12 + "  (CA key + certificate, PKCS12, alias \"" + CertificateAuthority.ALIAS + "\")");
        out.println("  " + dir.resolve("ca.pem") + "  (CA certificate, what peers trust)");
    }

    static void issue(CliArgs args, PrintStream out, boolean node) {
        Path caDir = args.path("--ca-dir");
        String name = args.fileName("--name");
        List<String> dns = node ? args.list("--dns") : List.of();
        List<String> ips = node ? args.list("--ip") : List.of();
        Duration validity = Duration.ofDays(args.positiveInt("--days", LEAF_DAYS, MAX_DAYS));
        Path outDir = args.path("--out");
        char[] password = args.password();

        CertificateAuthority ca = loadCa(caDir, password);
        IssuedCertificate cert = node
                ? ca.issueNode(name, dns.isEmpty() && ips.isEmpty() ? List.of(name) : dns, ips, validity)
                : ca.issueClient(name, validity);
        writeLeaf(cert, outDir, name, password, out);
        ensureTrustStore(ca, outDir.resolve(TRUST_FILE), password, out);
    }

    static void devSetup(CliArgs args, PrintStream out) {
        Path dir = args.path("--dir");
        int nodes = args.positiveInt("--nodes", 3, 100);
        char[] password = args.password();

        Path caDir = dir.resolve("ca");
        CertificateAuthority ca;
        if (Files.exists(caDir.resolve(CA_FILE))) {
            ca = loadCa(caDir, password);
            out.println("kept CA " + caDir.resolve(CA_FILE));
        } else {
            ca = CertificateAuthority.create("Sluice Dev CA", Duration.ofDays(CA_DAYS));
            writeCa(ca, caDir, password);
            out.println("created CA " + caDir.resolve(CA_FILE) + " (" + describe(ca.certificate()) + ")");
        }
        for (int i = 1; i <= nodes; i++) {
            String name = "node-" + i;
            Path p12 = dir.resolve(name + ".p12");
            String problem = Files.exists(p12) ? staleness(p12, name, ca, password) : "missing";
            if (problem == null) {
                out.println("kept " + p12);
                continue;
            }
            IssuedCertificate cert = ca.issueNode(name, List.of("localhost"), List.of("127.0.0.1"),
                    Duration.ofDays(LEAF_DAYS));
            if (!problem.equals("missing")) {
                out.println("reissuing " + name + ": " + problem);
            }
            writeLeaf(cert, dir, name, password, out);
        }
        ensureTrustStore(ca, dir.resolve(TRUST_FILE), password, out);
        boolean defaultPassword = CliArgs.DEFAULT_PASSWORD.equals(new String(password));
        out.println("dev setup ready in " + dir + (defaultPassword
                ? " (password \"" + CliArgs.DEFAULT_PASSWORD + "\": development only)" : ""));
    }

    private static CertificateAuthority loadCa(Path caDir, char[] password) {
        Path p12 = caDir.resolve(CA_FILE);
        if (!Files.exists(p12)) {
            throw new IllegalStateException("no CA at " + p12 + " (create one with: certs create-ca --dir " + caDir + ")");
        }
        return CertificateAuthority.load(p12, password);
    }

    private static void writeCa(CertificateAuthority ca, Path dir, char[] password) {
        ca.save(dir.resolve(CA_FILE), password);
        SecureFiles.write(dir.resolve("ca.pem"), KeyStores.certificatesPem(List.of(ca.certificate())), false);
    }

    private static void writeLeaf(IssuedCertificate cert, Path dir, String name, char[] password, PrintStream out) {
        Path p12 = dir.resolve(name + ".p12");
        boolean replaced = Files.exists(p12);
        KeyStores.writeAtomically(KeyStores.keyStore(cert, name, password), p12, password);
        KeyStores.writePem(cert, dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        out.println((replaced ? "replaced " : "created ") + p12 + " (alias \"" + name + "\"), "
                + dir.resolve(name + ".pem") + ", " + dir.resolve(name + ".key") + ": "
                + describe(cert.certificate()) + (replaced ? " [previous files kept as *.bak-*]" : ""));
    }

    /** Writes a trust store holding just the CA unless one that already trusts the CA exists. */
    private static void ensureTrustStore(CertificateAuthority ca, Path file, char[] password, PrintStream out) {
        if (Files.exists(file)) {
            KeyStore existing = KeyStores.load(file, password);
            try {
                if (existing.getCertificateAlias(ca.certificate()) != null) {
                    out.println("kept " + file);
                    return;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
            out.println("rewriting " + file + ": it does not trust " + ca.certificate().getSubjectX500Principal().getName());
        }
        KeyStores.writeAtomically(KeyStores.trustStore(ca.certificate()), file, password);
        out.println("wrote " + file + " (trusts " + ca.certificate().getSubjectX500Principal().getName() + ")");
    }

    /** Why the node key store at {@code p12} needs reissuing, or null if it is fine. */
    private static String staleness(Path p12, String alias, CertificateAuthority ca, char[] password) {
        KeyStore store = KeyStores.load(p12, password);
        try {
            Certificate cert = store.getCertificate(alias);
            if (!(cert instanceof X509Certificate x509) || !store.isKeyEntry(alias)) {
                return "no key entry '" + alias + "'";
            }
            try {
                x509.verify(ca.certificate().getPublicKey());
            } catch (GeneralSecurityException e) {
                return "not issued by the current CA";
            }
            if (x509.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
                return "expires " + x509.getNotAfter().toInstant();
            }
            return null;
        } catch (GeneralSecurityException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    static String describe(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + ", valid until " + cert.getNotAfter().toInstant();
    }
}
