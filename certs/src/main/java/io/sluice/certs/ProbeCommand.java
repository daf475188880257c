package io.sluice.certs;

import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;

/**
 * {@code certs probe}: real TLS handshakes against one or more servers, printing the certificate
 * each serves (subject, role, issuer, serial, not-after, days left). With {@code --expect-serial}
 * and {@code --wait} it polls until every server serves the serial expected of it, which is how
 * the rotation scripts see that a node has picked up its renewed key store. Exit code 1 if any
 * handshake fails or an expected serial is not served in time.
 */
final class ProbeCommand {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration SETTLE = Duration.ofMillis(300);
    static final Duration POLL = Duration.ofMillis(250);
    static final int MAX_WAIT_SECONDS = 600;

    /** The latest result for one target and whether it is what we wanted. */
    private record Outcome(TlsProbe.Result result, BigInteger expected, int attempts) {

        boolean served() {
            return expected != null && result.server() != null && result.server().getSerialNumber().equals(expected);
        }

        boolean good() {
            return result.ok() && (expected == null || served());
        }

        String problem(int waited) {
            if (!result.ok()) {
                return result.target() + ": " + result.error();
            }
            return result.target() + " serves serial " + Certificates.serial(result.server()) + ", not "
                    + expected.toString(16) + (waited > 0 ? " (waited " + waited + " s)" : "");
        }
    }

    private ProbeCommand() {
    }

    static void run(CliArgs args, PrintStream out) {
        List<TlsProbe.Target> targets = args.positionals().stream().map(TlsProbe.Target::parse).toList();
        List<BigInteger> expected = args.list("--expect-serial").stream().map(TrustBundle::parseSerial).toList();
        if (!expected.isEmpty() && expected.size() != targets.size()) {
            throw new CliArgs.UsageException("--expect-serial has " + expected.size() + " serial(s) for "
                    + targets.size() + " target(s): give one per target, in the same order");
        }
        int waitSeconds = args.positiveInt("--wait", 0, MAX_WAIT_SECONDS);
        String serverName = serverName(args.get("--server-name", null));
        char[] password = args.password();
        Path cert = args.optionalPath("--cert");
        KeyStore clientKeys = cert == null ? null : clientKeys(cert, password);
        Path trustFile = args.optionalPath("--trust");
        KeyStore trust = trustFile == null ? null : trust(trustFile, password);

        TlsProbe probe = new TlsProbe(clientKeys, password, trust, serverName, TIMEOUT, SETTLE);
        List<Outcome> outcomes = poll(probe, targets, expected, Duration.ofSeconds(waitSeconds));
        for (Outcome outcome : outcomes) {
            if (args.flag("--json")) {
                out.println(json(outcome));
            } else {
                print(outcome, out);
            }
        }
        List<String> problems = outcomes.stream().filter(o -> !o.good()).map(o -> o.problem(waitSeconds)).toList();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** Probes every target until it is good or {@code wait} has passed (one round if wait is zero). */
    private static List<Outcome> poll(TlsProbe probe, List<TlsProbe.Target> targets, List<BigInteger> expected,
            Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Outcome[] outcomes = new Outcome[targets.size()];
        while (true) {
            boolean allGood = true;
            for (int i = 0; i < targets.size(); i++) {
                if (outcomes[i] != null && outcomes[i].good()) {
                    continue;
                }
                int attempts = outcomes[i] == null ? 1 : outcomes[i].attempts() + 1;
                outcomes[i] = new Outcome(probe.probe(targets.get(i)), expected.isEmpty() ? null : expected.get(i), attempts);
                allGood &= outcomes[i].good();
            }
            if (allGood || System.nanoTime() + POLL.toNanos() > deadline) {
                return List.of(outcomes);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of(outcomes);
            }
        }
    }

    private static void print(Outcome outcome, PrintStream out) {
        TlsProbe.Result result = outcome.result();
        X509Certificate cert = result.server();
        if (cert == null) {
            out.println(result.target() + ": " + result.error());
            return;
        }
        out.println(result.target() + ": " + (result.ok() ? result.protocol() + " handshake ok" : result.error()));
        out.println("  subject:   " + cert.getSubjectX500Principal().getName());
        out.println("  role:      " + Certificates.roleText(cert));
        out.println("  issuer:    " + cert.getIssuerX500Principal().getName());
        out.println("  serial:    " + Certificates.serial(cert));
        out.println("  not-after: " + cert.getNotAfter().toInstant());
        out.println("  days left: " + Certificates.daysLeft(cert, Instant.now()));
        if (outcome.expected() != null) {
            out.println("  expected:  " + outcome.expected().toString(16) + (outcome.served() ? " (served)"
                    : " (NOT served after " + outcome.attempts() + " attempt" + (outcome.attempts() == 1 ? "" : "s") + ")"));
        }
    }

    /** One JSON object per target, one per line, for scripts. */
    static String json(Outcome outcome) {
        TlsProbe.Result result = outcome.result();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("target", result.target().toString());
        fields.put("ok", outcome.good());
        fields.put("handshake", result.ok());
        X509Certificate cert = result.server();
        if (cert != null) {
            fields.put("protocol", result.protocol());
            fields.put("subject", cert.getSubjectX500Principal().getName());
            fields.put("role", Certificates.unit(cert));
            fields.put("issuer", cert.getIssuerX500Principal().getName());
            fields.put("serial", Certificates.serial(cert));
            fields.put("notAfter", cert.getNotAfter().toInstant().toString());
            fields.put("daysLeft", Certificates.daysLeft(cert, Instant.now()));
        }
        if (outcome.expected() != null) {
            fields.put("expectedSerial", outcome.expected().toString(16));
            fields.put("served", outcome.served());
        }
        fields.put("attempts", outcome.attempts());
        if (result.error() != null) {
            fields.put("error", result.error());
        }
        return fields.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + (e.getValue() instanceof String s ? quote(s) : String.valueOf(e.getValue())))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static String serverName(String name) {
        if (name == null) {
            return null;
        }
        try {
            new SNIHostName(name);
            return name;
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException("invalid --server-name '" + name + "': " + e.getMessage());
        }
    }

    private static KeyStore clientKeys(Path file, char[] password) {
        KeyStore store = KeyStores.load(file, password);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " holds no private key: --cert needs a key store such as operator.p12");
    }

    /** A trust store of every certificate in {@code file} (a PKCS12 trust store, or a PEM CA or bundle). */
    private static KeyStore trust(Path file, char[] password) {
        return KeyStores.trustStore(CertificateFiles.certificates(file, password).toArray(X509Certificate[]::new));
    }
}
