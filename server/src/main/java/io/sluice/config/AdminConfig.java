package io.sluice.config;

/**
 * The admin listener: where operators, scripts and the monitor reach this node. It is its own port
 * so that it can be firewalled apart from client traffic, and it is HTTPS with a client
 * certificate required: the certificate must chain to a CA in {@code tls.trustStore} (the cluster
 * CA), and the role in its subject OU decides what the caller may do ({@code viewer} reads,
 * {@code operator} acts). There is no unauthenticated mode.
 */
public record AdminConfig(String host, Integer port, TlsConfig tls) {

    public AdminConfig {
        host = Checks.orDefault(host, "127.0.0.1");
        port = Checks.range("port", port, 9090, 0, 65535);
        if (tls == null) {
            throw new ConfigException("tls", "is required: the admin API is served only over HTTPS with client"
                    + " certificates (keyStore: the node certificate, trustStore: the cluster CA)");
        }
        if (tls.trustStore() == null || tls.trustStore().isBlank()) {
            throw new ConfigException("tls", "trustStore is required: it holds the cluster CA that operator"
                    + " and viewer certificates must chain to");
        }
        // Always required, whatever was written: the stricter setting is the only one that is safe here.
        if (!tls.needsClientCertificate()) {
            tls = new TlsConfig(tls.keyStore(), tls.keyStorePassword(), tls.versions(), "required",
                    tls.trustStore(), tls.trustStorePassword());
        }
    }
}
