package io.sluice.config;

/**
 * The node's identity in the cluster: its node certificate and key (PKCS12 {@code keyStore}, the
 * certificate issued by the cluster CA with role {@code node}) and the CAs it trusts
 * ({@code trustStore}, the trust bundle: one CA normally, old and new during a CA rotation). Every
 * change this node writes to shared cluster state is signed with that key, and every change it
 * reads is applied only if it is signed by a node certificate that chains to a trusted CA. Both
 * files are watched and reloaded when replaced.
 */
public record IdentityConfig(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {

    public IdentityConfig {
        keyStore = Checks.required("keyStore", keyStore);
        keyStorePassword = Checks.orDefault(keyStorePassword, "");
        trustStore = Checks.required("trustStore", trustStore);
        trustStorePassword = Checks.orDefault(trustStorePassword, "");
    }

    @Override
    public String toString() {
        return "IdentityConfig[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
    }
}
