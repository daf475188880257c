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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code certs dev-setup}: the development PKI in one directory, created or repaired in place and
 * safe to re-run. It keeps whatever is still good and reissues only what is missing or stale
 * (wrong CA, expiring within {@link #RENEW_BEFORE}, or without the role OU it should carry, as
 * node certificates from before roles existed).
 *
 * <pre>
 * DIR/ca/ca.p12, ca.pem            the CA
 * DIR/node-N.p12, .pem, .key       role node, SANs localhost and 127.0.0.1
 * DIR/operator.p12, .pem, .key     role operator (the scripts' and monitor's certificate)
 * DIR/viewer.p12, .pem, .key       role viewer (read-only)
 * DIR/truststore.p12               the trusted CA(s); DIR/ca-bundle.pem the same as PEM
 * </pre>
 *
 * <p>During a CA rotation ({@code DIR/ca-next} exists, see scripts/rotate-ca.sh) certificates the
 * next CA issued count as current, so a re-run does not undo phase 2.
 */
final class DevSetup {

    /** dev-setup reissues certificates that expire sooner than this. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final String BUNDLE_PEM = "ca-bundle.pem";

    private DevSetup() {
    }

    static void run(CliArgs args, PrintStream out) {
        Path dir = args.path("--dir");
        int nodes = args.positiveInt("--nodes", 3, 100);
        char[] password = args.password();

        Path caDir = dir.resolve("ca");
        CertificateAuthority ca;
        if (Files.exists(caDir.resolve(CliCommands.CA_FILE))) {
            ca = CliCommands.loadCa(caDir, password);
            out.println("kept CA " + caDir.resolve(CliCommands.CA_FILE));
        } else {
            ca = CertificateAuthority.create("Sluice Dev CA", Duration.ofDays(CliCommands.CA_DAYS));
            CliCommands.writeCa(ca, caDir, password);
            out.println("created CA " + caDir.resolve(CliCommands.CA_FILE) + " (" + CliCommands.describe(ca.certificate()) + ")");
        }
        List<X509Certificate> issuers = new ArrayList<>(List.of(ca.certificate()));
        Path next = dir.resolve("ca-next").resolve("ca.pem");
        if (Files.isRegularFile(next)) {
            issuers.addAll(CertificateFiles.certificates(next, password));
            out.println("CA rotation in progress (" + next + "): certificates issued by either CA are kept");
        }

        Duration days = Duration.ofDays(CliCommands.LEAF_DAYS);
        for (int i = 1; i <= nodes; i++) {
            String name = "node-" + i;
            ensure(dir, name, Role.NODE, issuers, password, out,
                    () -> ca.issueNode(name, List.of("localhost"), List.of("127.0.0.1"), days));
        }
        ensure(dir, "operator", Role.OPERATOR, issuers, password, out,
                () -> ca.issueOperator("operator", Role.OPERATOR, days));
        ensure(dir, "viewer", Role.VIEWER, issuers, password, out,
                () -> ca.issueOperator("viewer", Role.VIEWER, days));

        Path trustFile = dir.resolve(CliCommands.TRUST_FILE);
        CliCommands.ensureTrustStore(ca, trustFile, password, out);
        ensureBundlePem(trustFile, dir.resolve(BUNDLE_PEM), password, out);
        boolean defaultPassword = CliArgs.DEFAULT_PASSWORD.equals(new String(password));
        out.println("dev setup ready in " + dir + (defaultPassword
                ? " (password \"" + CliArgs.DEFAULT_PASSWORD + "\": development only)" : ""));
    }

    private static void ensure(Path dir, String name, Role role, List<X509Certificate> issuers, char[] password,
            PrintStream out, Supplier<IssuedCertificate> issue) {
        Path p12 = dir.resolve(name + ".p12");
        String problem = Files.exists(p12) ? staleness(p12, name, role, issuers, password) : "missing";
        if (problem == null) {
            out.println("kept " + p12);
            return;
        }
        if (!problem.equals("missing")) {
            out.println("reissuing " + name + ": " + problem);
        }
        CliCommands.writeLeaf(issue.get(), dir, name, password, out);
    }

    /** Why the key store at {@code p12} needs reissuing, or null if it is fine. */
    static String staleness(Path p12, String alias, Role role, List<X509Certificate> issuers, char[] password) {
        KeyStore store = KeyStores.load(p12, password);
        try {
            Certificate cert = store.getCertificate(alias);
            if (!(cert instanceof X509Certificate x509) || !store.isKeyEntry(alias)) {
                return "no key entry '" + alias + "'";
            }
            if (issuers.stream().noneMatch(issuer -> signedBy(x509, issuer))) {
                return "not issued by the current CA";
            }
            String unit = Certificates.unit(x509);
            if (!role.unit().equals(unit)) {
                return unit == null
                        ? "no role (OU=" + role.unit() + " missing: made before certificates carried roles)"
                        : "role OU=" + unit + ", expected OU=" + role.unit();
            }
            if (x509.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
                return "expires " + x509.getNotAfter().toInstant();
            }
            return null;
        } catch (GeneralSecurityException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Writes the trust store's CAs as a PEM bundle unless the bundle already holds exactly those. */
    private static void ensureBundlePem(Path trustFile, Path pem, char[] password, PrintStream out) {
        List<X509Certificate> trusted = TrustBundle.trusted(KeyStores.load(trustFile, password));
        if (Files.isRegularFile(pem) && sameCertificates(pem, trusted)) {
            out.println("kept " + pem);
            return;
        }
        SecureFiles.write(pem, KeyStores.certificatesPem(trusted), false);
        out.println("wrote " + pem + " (" + trusted.size() + " CA" + (trusted.size() == 1 ? "" : "s")
                + " of " + trustFile.getFileName() + ", for curl --cacert / openssl -CAfile)");
    }

    private static boolean sameCertificates(Path pem, List<X509Certificate> expected) {
        try {
            return Objects.equals(new HashSet<>(CertificateFiles.certificates(pem, null)), new HashSet<>(expected));
        } catch (RuntimeException unreadable) {
            return false;  // rewritten below
        }
    }
}
