package io.sluice.certs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The certificate-minting commands of {@link CertsCli} (create-ca, issue-node, issue-client,
 * issue-operator) and the file helpers the other commands share. Each prints one line per file it
 * wrote or kept, so scripts' logs show exactly what changed.
 */
final class CliCommands {

    static final int CA_DAYS = 3650;
    static final int LEAF_DAYS = 397;
    static final int MAX_DAYS = 36500;
    static final String CA_FILE = "ca.p12";
    static final String TRUST_FILE = "truststore.p12";

    /** What an {@code issue-*} command mints. */
    enum Kind { NODE, CLIENT, OPERATOR }

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

    static void issue(CliArgs args, PrintStream out, Kind kind) {
        Path caDir = args.path("--ca-dir");
        String name = args.fileName("--name");
        List<String> dns = kind == Kind.NODE ? args.list("--dns") : List.of();
        List<String> ips = kind == Kind.NODE ? args.list("--ip") : List.of();
        Role role = kind == Kind.OPERATOR ? operatorRole(args) : null;
        Duration validity = Duration.ofDays(args.positiveInt("--days", LEAF_DAYS, MAX_DAYS));
        Path outDir = args.path("--out");
        char[] password = args.password();

        CertificateAuthority ca = loadCa(caDir, password);
        IssuedCertificate cert = switch (kind) {
            case NODE -> ca.issueNode(name, dns.isEmpty() && ips.isEmpty() ? List.of(name) : dns, ips, validity);
            case CLIENT -> ca.issueClient(name, validity);
            case OPERATOR -> ca.issueOperator(name, role, validity);
        };
        writeLeaf(cert, outDir, name, password, out);
        ensureTrustStore(ca, outDir.resolve(TRUST_FILE), password, out);
    }

    private static Role operatorRole(CliArgs args) {
        String text = args.required("--role");
        try {
            return Role.ofOperator(text);
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException("invalid --role '" + text + "': use viewer (may read the admin API)"
                    + " or operator (may also act); node certificates come from issue-node");
        }
    }

    static CertificateAuthority loadCa(Path caDir, char[] password) {
        Path p12 = caDir.resolve(CA_FILE);
        if (!Files.exists(p12)) {
            throw new IllegalStateException("no CA at " + p12 + " (create one with: certs create-ca --dir " + caDir + ")");
        }
        return CertificateAuthority.load(p12, password);
    }

    static void writeCa(CertificateAuthority ca, Path dir, char[] password) {
        ca.save(dir.resolve(CA_FILE), password);
        SecureFiles.write(dir.resolve("ca.pem"), KeyStores.certificatesPem(List.of(ca.certificate())), false);
    }

    static void writeLeaf(IssuedCertificate cert, Path dir, String name, char[] password, PrintStream out) {
        Path p12 = dir.resolve(name + ".p12");
        boolean replaced = Files.exists(p12);
        KeyStores.writeAtomically(KeyStores.keyStore(cert, name, password), p12, password);
        KeyStores.writePem(cert, dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        out.println((replaced ? "replaced " : "created ") + p12 + " (alias \"" + name + "\"), "
                + dir.resolve(name + ".pem") + ", " + dir.resolve(name + ".key") + ": "
                + describe(cert.certificate()) + (replaced ? " [previous files kept as *.bak-*]" : ""));
    }

    /** Writes a trust store holding just the CA unless one that already trusts the CA exists. */
    static void ensureTrustStore(CertificateAuthority ca, Path file, char[] password, PrintStream out) {
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

    static String describe(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + ", valid until " + cert.getNotAfter().toInstant();
    }
}
