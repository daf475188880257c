package io.sluice.config;

import java.util.List;

/**
 * Server-side TLS of a listener: a PKCS12 key store, the TLS versions offered (TLS 1.3 only unless
 * the operator opts into 1.2), and whether clients must present a certificate: {@code none},
 * {@code optional} (asked for, checked against {@code trustStore} when sent) or {@code required}.
 * The node watches both stores and swaps new key material in for new handshakes without a restart.
 */
public record TlsConfig(String keyStore, String keyStorePassword, List<String> versions, String clientAuth,
                        String trustStore, String trustStorePassword) {

    private static final List<String> ALLOWED = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> CLIENT_AUTH = List.of("none", "optional", "required");

    public TlsConfig {
        keyStore = Checks.required("keyStore", keyStore);
        keyStorePassword = Checks.orDefault(keyStorePassword, "");
        versions = versions == null || versions.isEmpty() ? List.of("TLSv1.3") : List.copyOf(versions);
        for (String v : versions) {
            if (!ALLOWED.contains(v)) {
                throw ConfigException.invalid("versions", v, "allowed values are TLSv1.3, TLSv1.2");
            }
        }
        clientAuth = Checks.oneOf("clientAuth", clientAuth, "none", CLIENT_AUTH);
        trustStorePassword = Checks.orDefault(trustStorePassword, "");
        if (!clientAuth.equals("none") && (trustStore == null || trustStore.isBlank())) {
            throw new ConfigException("trustStore", "is required when clientAuth is " + clientAuth
                    + ": it holds the CA certificates that client certificates must chain to");
        }
    }

    /** A server TLS setting with just a key store (no client certificates). */
    public TlsConfig(String keyStore, String keyStorePassword, List<String> versions) {
        this(keyStore, keyStorePassword, versions, null, null, null);
    }

    public boolean wantsClientCertificate() {
        return !clientAuth.equals("none");
    }

    public boolean needsClientCertificate() {
        return clientAuth.equals("required");
    }

    @Override
    public String toString() {
        return "TlsConfig[keyStore=" + keyStore + ", versions=" + versions + ", clientAuth=" + clientAuth
                + ", trustStore=" + trustStore + "]";
    }
}
