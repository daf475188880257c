package io.sluice.certs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code certs renew}: reissues the certificate in existing key stores with a new key and serial
 * but the same subject, role, alternative names and key usages, signed by the CA given (the
 * current one for routine rotation, the next one in phase 2 of a CA rotation). Running nodes
 * watch their key store and pick the new one up without a restart.
 *
 * <p>Every file is read and every certificate minted before the first file is replaced, so a bad
 * argument or a wrong password changes nothing. Per file the {@code .pem}/{@code .key} siblings
 * (when present) are replaced first and the {@code .p12} last, each atomically with a backup, so
 * a watcher that reacts to the {@code .p12} finds the siblings already current.
 *
 * <p>One line per file starts with {@code renewed } and has a fixed shape that
 * scripts/rotate-certs.sh parses: {@code renewed FILE: serial OLD -> NEW, not-after INSTANT, SUBJECT (issuer ISSUER)}.
 */
final class Renewal {

    private record Plan(Path file, String alias, X509Certificate old, IssuedCertificate fresh) {
    }

    private Renewal() {
    }

    static void run(CliArgs args, PrintStream out) {
        Path caDir = args.path("--ca-dir");
        Integer days = args.has("--days") ? args.positiveInt("--days", 1, CliCommands.MAX_DAYS) : null;
        List<Path> files = files(args.positionals());
        char[] password = args.password();

        CertificateAuthority ca = CliCommands.loadCa(caDir, password);
        List<Plan> plans = new ArrayList<>();
        for (Path file : files) {
            KeyStore store = KeyStores.load(file, password);
            String alias = keyAlias(store, file);
            X509Certificate old;
            try {
                old = (X509Certificate) store.getCertificate(alias);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
            Duration validity = days != null ? Duration.ofDays(days) : lifetime(old);
            plans.add(new Plan(file, alias, old, ca.reissue(old, validity)));
        }
        for (Plan plan : plans) {
            write(plan, password, out);
        }
    }

    /** The lifetime {@code old} was issued with, in whole days (at least one): renew keeps it by default. */
    static Duration lifetime(X509Certificate old) {
        Duration issued = Duration.between(old.getNotBefore().toInstant(), old.getNotAfter().toInstant())
                .minus(Certificates.BACKDATE);
        return Duration.ofDays(Math.max(1, Math.round(issued.toHours() / 24.0)));
    }

    private static List<Path> files(List<String> names) {
        List<Path> files = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (String name : names) {
            Path file = CliArgs.toPath("FILE", name);
            if (!name.endsWith(".p12")) {
                throw new CliArgs.UsageException("'" + name + "' is not a .p12 key store");
            }
            if (!seen.add(file.toAbsolutePath().normalize())) {
                throw new CliArgs.UsageException("'" + name + "' given more than once");
            }
            files.add(file);
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no such file: " + file);
            }
        }
        return files;
    }

    private static String keyAlias(KeyStore store, Path file) {
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new IllegalStateException(file + " holds " + keys.size() + " key entries " + keys
                        + "; renew needs a key store with exactly one");
            }
            return keys.getFirst();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Plan plan, char[] password, PrintStream out) {
        String name = plan.file().getFileName().toString();
        String base = name.substring(0, name.length() - ".p12".length());
        Path pem = plan.file().resolveSibling(base + ".pem");
        Path key = plan.file().resolveSibling(base + ".key");
        List<Path> written = new ArrayList<>();
        if (Files.exists(pem) || Files.exists(key)) {
            KeyStores.writePem(plan.fresh(), pem, key);
            written.addAll(List.of(pem, key));
        }
        KeyStores.writeAtomically(KeyStores.keyStore(plan.fresh(), plan.alias(), password), plan.file(), password);
        written.addFirst(plan.file());

        X509Certificate cert = plan.fresh().certificate();
        out.println("renewed " + plan.file() + ": serial " + Certificates.serial(plan.old()) + " -> "
                + Certificates.serial(cert) + ", not-after " + cert.getNotAfter().toInstant() + ", "
                + cert.getSubjectX500Principal().getName() + " (issuer " + cert.getIssuerX500Principal().getName() + ")");
        out.println("  wrote " + String.join(", ", written.stream().map(Path::toString).toList())
                + " (alias \"" + plan.alias() + "\") [previous kept as *.bak-*]");
    }
}
