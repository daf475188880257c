package io.sluice.certs;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code certs trust-bundle}: creates or edits a PKCS12 trust store that holds several CAs, the
 * bundle every node and tool trusts while a CA is being replaced (old and new side by side), and
 * keeps a PEM copy of it for curl and openssl users. Existing aliases are kept; new CAs get the
 * first free alias of {@code ca}, {@code ca-2}, {@code ca-3}, ... It never leaves a store that
 * trusts nothing, and it rewrites the files only when their content changes (atomically, with the
 * previous file kept as a backup).
 */
final class TrustBundle {

    private TrustBundle() {
    }

    static void run(CliArgs args, PrintStream out) {
        Path file = args.path("--out");
        Path pem = args.has("--pem") ? args.optionalPath("--pem") : siblingPem(file);
        List<String> adds = args.values("--add");
        List<String> removes = args.values("--remove");
        char[] password = args.password();
        boolean exists = Files.exists(file);
        if (!exists && adds.isEmpty()) {
            throw new CliArgs.UsageException(file + " does not exist yet: name the CA(s) it should trust with --add");
        }

        Map<String, X509Certificate> bundle = exists ? load(file, password) : new LinkedHashMap<>();
        Map<String, X509Certificate> before = new LinkedHashMap<>(bundle);
        for (String add : adds) {
            add(bundle, CliArgs.toPath("--add", add), password, out);
        }
        for (String remove : removes) {
            remove(bundle, remove, file, password, out);
        }
        if (bundle.isEmpty()) {
            throw new IllegalStateException("refusing to remove the last CA from " + file
                    + ": a trust store that trusts nothing fails every TLS handshake (--add the new CA first)");
        }

        List<X509Certificate> ordered = ordered(bundle);
        if (!bundle.equals(before) || !exists) {
            KeyStore store = KeyStores.empty();
            try {
                for (var entry : bundle.entrySet()) {
                    store.setCertificateEntry(entry.getKey(), entry.getValue());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot add trusted certificate: " + e.getMessage(), e);
            }
            KeyStores.writeAtomically(store, file, password);
            out.println((exists ? "rewrote " : "wrote ") + file + (exists ? " [previous kept as *.bak-*]" : ""));
        } else {
            out.println("unchanged " + file);
        }
        byte[] pemText = KeyStores.certificatesPem(ordered);
        if (!sameContent(pem, pemText)) {
            SecureFiles.write(pem, pemText, false);
            out.println("wrote " + pem + " (PEM bundle of the same CAs)");
        }
        printHoldings(file, bundle, out);
    }

    /** The trusted-certificate entries of {@code store}, oldest CA first. */
    static List<X509Certificate> trusted(KeyStore store) {
        return ordered(trustedEntries(store));
    }

    /** {@code truststore.p12} → {@code truststore.pem}. */
    static Path siblingPem(Path file) {
        String name = file.getFileName().toString();
        String base = name.endsWith(".p12") || name.endsWith(".pfx") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(base + ".pem");
    }

    private static Map<String, X509Certificate> load(Path file, char[] password) {
        KeyStore store = KeyStores.load(file, password);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    throw new IllegalStateException(file + " holds a private key (alias '" + alias
                            + "'): trust-bundle edits trust stores only");
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return trustedEntries(store);
    }

    private static Map<String, X509Certificate> trustedEntries(KeyStore store) {
        Map<String, X509Certificate> entries = new LinkedHashMap<>();
        try {
            for (String alias : Collections.list(store.aliases()).stream().sorted().toList()) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
                    entries.put(alias, x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read trust store: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void add(Map<String, X509Certificate> bundle, Path source, char[] password, PrintStream out) {
        List<X509Certificate> cas = new ArrayList<>();
        for (X509Certificate cert : CertificateFiles.certificates(source, password)) {
            if (cert.getBasicConstraints() >= 0) {
                cas.add(cert);
            }
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no CA certificate (trust bundles hold CAs, not leaves)");
        }
        for (X509Certificate ca : cas) {
            if (bundle.containsValue(ca)) {
                out.println("already trusted: " + summary(ca));
                continue;
            }
            String alias = "ca";
            for (int i = 2; bundle.containsKey(alias); i++) {
                alias = "ca-" + i;
            }
            bundle.put(alias, ca);
            out.println("added " + alias + ": " + summary(ca)
                    + (ca.getNotAfter().toInstant().isBefore(Instant.now()) ? " (WARNING: already expired)" : ""));
        }
    }

    /** Removes the CAs in the file {@code what}, or the CA whose serial is the hex number {@code what}. */
    private static void remove(Map<String, X509Certificate> bundle, String what, Path file, char[] password,
            PrintStream out) {
        Path asFile = CliArgs.toPath("--remove", what);
        Predicate<X509Certificate> matches;
        if (Files.isRegularFile(asFile)) {
            List<X509Certificate> named = CertificateFiles.certificates(asFile, password);
            matches = named::contains;
        } else {
            BigInteger serial = parseSerial(what);
            matches = ca -> ca.getSerialNumber().equals(serial);
        }
        List<String> aliases = bundle.entrySet().stream().filter(e -> matches.test(e.getValue())).map(Map.Entry::getKey).toList();
        if (aliases.isEmpty()) {
            throw new IllegalStateException("nothing in " + file + " matches --remove " + what
                    + " (it trusts: " + String.join("; ", bundle.values().stream().map(TrustBundle::summary).toList()) + ")");
        }
        for (String alias : aliases) {
            out.println("removed " + alias + ": " + summary(bundle.remove(alias)));
        }
    }

    /** A serial as {@code inspect} prints it (hex), also accepted with colons or a {@code 0x} prefix. */
    static BigInteger parseSerial(String text) {
        String hex = text.strip().toLowerCase(Locale.ROOT).replace(":", "");
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (!hex.matches("[0-9a-f]{1,64}")) {
            throw new CliArgs.UsageException("'" + text + "' is neither an existing file nor a hex serial");
        }
        return new BigInteger(hex, 16);
    }

    /** Oldest CA first; CAs made in the same second in alias order (ca, ca-2, ..., ca-10). */
    private static List<X509Certificate> ordered(Map<String, X509Certificate> bundle) {
        return sortedEntries(bundle).stream().map(Map.Entry::getValue).toList();
    }

    private static List<Map.Entry<String, X509Certificate>> sortedEntries(Map<String, X509Certificate> bundle) {
        return bundle.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, X509Certificate> e) -> e.getValue().getNotBefore())
                        .thenComparing(e -> e.getKey().length())
                        .thenComparing(Map.Entry::getKey))
                .toList();
    }

    private static boolean sameContent(Path file, byte[] content) {
        try {
            return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false;
        }
    }

    private static void printHoldings(Path file, Map<String, X509Certificate> bundle, PrintStream out) {
        out.println(file + " trusts " + bundle.size() + " CA" + (bundle.size() == 1 ? "" : "s") + ":");
        Instant now = Instant.now();
        sortedEntries(bundle).forEach(e -> out.printf("  %-6s %s, serial %s, not-after %s (%d days left)%n", e.getKey(),
                        e.getValue().getSubjectX500Principal().getName(), Certificates.serial(e.getValue()),
                        e.getValue().getNotAfter().toInstant(), Certificates.daysLeft(e.getValue(), now)));
    }

    private static String summary(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + " (serial " + Certificates.serial(cert) + ")";
    }
}
