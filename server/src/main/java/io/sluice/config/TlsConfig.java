package io.sluice.config;

import java.util.List;

/**
 * Server-side TLS of a listener: a PKCS12 key store and the TLS versions offered. TLS 1.3 only
 * unless the operator opts into 1.2.
 */
public record TlsConfig(String keyStore, String keyStorePassword, List<String> versions) {

    private static final List<String> ALLOWED = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        keyStore = Checks.required("keyStore", keyStore);
        keyStorePassword = Checks.orDefault(keyStorePassword, "");
        versions = versions == null || versions.isEmpty() ? List.of("TLSv1.3") : List.copyOf(versions);
        for (String v : versions) {
            if (!ALLOWED.contains(v)) {
                throw ConfigException.invalid("versions", v, "allowed values are TLSv1.3, TLSv1.2");
            }
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[keyStore=" + keyStore + ", versions=" + versions + "]";
    }
}
