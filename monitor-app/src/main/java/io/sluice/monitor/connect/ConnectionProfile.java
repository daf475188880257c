package io.sluice.monitor.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A remembered way to reach a cluster: one node's admin address and the files of the client
 * certificate and the trusted CAs. Passwords are never part of it; the connect dialog asks for a
 * key store's password each time.
 *
 * @param name        what the operator calls it ("demo", "prod-eu")
 * @param adminUrl    {@code https://HOST:PORT} of any member's admin API
 * @param format      how the client certificate is stored
 * @param certificate the PKCS12 key store, or the PEM certificate (chain)
 * @param privateKey  the PEM private key (PKCS#8); null for PKCS12
 * @param trust       the cluster CA: a PEM bundle or a PKCS12 trust store (same password)
 */
public record ConnectionProfile(String name, String adminUrl, Format format, String certificate, String privateKey,
                                String trust) {

    /** How the client certificate and key are stored. */
    public enum Format {
        /** One password-protected .p12 file with key and certificate. */
        PKCS12,
        /** A certificate .pem and a private key .key (unencrypted PKCS#8). */
        PEM
    }

    public ConnectionProfile {
        Objects.requireNonNull(format, "format");
    }

    /**
     * What is missing or malformed, one sentence per field, naming the field; empty when the
     * profile can be tried. Files are checked when connecting, where the reason is exact.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (blank(name)) {
            problems.add("name: give the profile a name");
        }
        if (blank(adminUrl)) {
            problems.add("admin address: required, like https://127.0.0.1:19080");
        } else if (!adminUrl.strip().matches("(?i)https://[^/\\s:]+:\\d{1,5}(/admin/v1)?/?")) {
            problems.add("admin address: '" + adminUrl.strip() + "' is not https://HOST:PORT");
        }
        if (blank(certificate)) {
            problems.add(format == Format.PKCS12 ? "key store: choose the .p12 file" : "certificate: choose the .pem file");
        }
        if (format == Format.PEM && blank(privateKey)) {
            problems.add("private key: choose the .key file");
        }
        if (blank(trust)) {
            problems.add("trusted CA: choose the cluster's ca-bundle.pem or truststore.p12");
        }
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
