package io.sluice.cli;

import io.sluice.client.AdminClient;
import io.sluice.client.ClientTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Which node sluicectl talks to and with which certificate, from the options and the environment
 * (the same variables the shell version used):
 * <pre>
 * node         --node URL, else $SLUICE_ADMIN, else https://127.0.0.1:19080 (the demo's node-1);
 *              --node NODE_ID asks that node's admin URL from the cluster first
 * certificate  --keystore P12 --password P, else --cert/--key, else $SLUICE_CERT/$SLUICE_KEY (PEM),
 *              else operator.pem/operator.key in $SLUICE_CERTS (default var/demo/certs)
 * trusted CAs  --ca, else $SLUICE_CA, else ca-bundle.pem there (PEM bundle, or PKCS12 with --password)
 * </pre>
 */
record Target(String adminUrl, String nodeId, ClientTls tls, String identity) {

    static final String DEFAULT_ADMIN = "https://127.0.0.1:19080";
    private static final String HINT = "the admin API needs a client certificate: set SLUICE_CERT, SLUICE_KEY and SLUICE_CA,"
            + " or SLUICE_CERTS, or give --cert/--key/--ca; scripts/demo.sh makes the demo's in var/demo/certs";

    static Target from(Args args, Map<String, String> env) {
        String url = null;
        String nodeId = null;
        for (String node : args.options("node")) {
            boolean isUrl = node.contains("://") || node.matches("[^/:]+:\\d+");
            if (isUrl ? url != null : nodeId != null) {
                throw CliException.usage("--node is given twice (one URL to ask and one NODE_ID to act on are fine)");
            }
            if (isUrl) {
                url = node.contains("://") ? node : "https://" + node;
            } else {
                nodeId = node;
            }
        }
        if (url == null) {
            url = env.getOrDefault("SLUICE_ADMIN", DEFAULT_ADMIN);
        }
        Path certs = Path.of(env.getOrDefault("SLUICE_CERTS", "var/demo/certs"));
        String keyStore = args.option("keystore");
        String password = args.option("password");
        String ca = first(args.option("ca"), env.get("SLUICE_CA"), certs.resolve("ca-bundle.pem").toString());
        ClientTls tls;
        String identity;
        try {
            if (keyStore != null) {
                if (password == null) {
                    throw CliException.usage("--keystore needs --password");
                }
                readable(keyStore);
                identity = keyStore;
                tls = ClientTls.pkcs12(Path.of(keyStore), password.toCharArray());
            } else {
                String cert = first(args.option("cert"), env.get("SLUICE_CERT"), certs.resolve("operator.pem").toString());
                String key = first(args.option("key"), env.get("SLUICE_KEY"), certs.resolve("operator.key").toString());
                readable(cert);
                readable(key);
                identity = cert;
                tls = ClientTls.pem(Path.of(cert), Path.of(key));
            }
            readable(ca);
            tls = tls.trusting(Path.of(ca), password == null ? null : password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw CliException.setup(e.getMessage());
        }
        return new Target(url, nodeId, tls, identity);
    }

    /** A warning about the client certificate (expired, or expiring within a week), or null. */
    String certificateWarning(Instant now) {
        Instant notAfter = tls.certificate().getNotAfter().toInstant();
        String subject = tls.certificate().getSubjectX500Principal().getName();
        if (notAfter.isBefore(now)) {
            return "the client certificate " + identity + " (" + subject + ") expired " + Human.ago(notAfter.toString(), now)
                    + "; nodes will refuse the handshake";
        }
        if (notAfter.isBefore(now.plus(java.time.Duration.ofDays(7)))) {
            return "the client certificate " + identity + " expires " + Human.ago(notAfter.toString(), now);
        }
        return null;
    }

    private static void readable(String file) {
        if (!Files.isReadable(Path.of(file))) {
            throw CliException.setup("cannot read " + file + " (" + HINT + ")");
        }
    }

    /** A client for {@link #adminUrl} presenting the certificate. */
    AdminClient connect() {
        try {
            return AdminClient.create(adminUrl, tls.sslContext());
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private static String first(String... choices) {
        for (String c : choices) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        throw new IllegalArgumentException("no choice");
    }
}
