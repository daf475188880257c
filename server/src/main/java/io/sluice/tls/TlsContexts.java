package io.sluice.tls;

import io.sluice.config.TlsConfig;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Makes the node's Jetty TLS contexts (listeners, admin port, upstream clients) from config, checks
 * their key material before use, records their certificates in the {@link CertificateInventory},
 * and registers them with the {@link KeyStoreWatcher} so that replaced stores are picked up for new
 * handshakes while existing connections keep theirs ({@link SslContextFactory#reload}).
 */
public final class TlsContexts {

    private final KeyStoreWatcher watcher;
    private final CertificateInventory inventory;

    public TlsContexts(KeyStoreWatcher watcher, CertificateInventory inventory) {
        this.watcher = watcher;
        this.inventory = inventory;
    }

    public CertificateInventory inventory() {
        return inventory;
    }

    /** A server context for {@code use} (e.g. {@code listener:https}); client certificates as {@code tls.clientAuth} says. */
    public SslContextFactory.Server server(String use, TlsConfig tls) {
        Material material = new Material(Path.of(tls.keyStore()), tls.keyStorePassword(),
                tls.wantsClientCertificate() ? Path.of(tls.trustStore()) : null, tls.trustStorePassword());
        material.check(use);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(material.keyStore().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(tls.keyStorePassword());
        if (material.trustStore() != null) {
            ssl.setTrustStorePath(material.trustStore().toString());
            ssl.setTrustStoreType("PKCS12");
            ssl.setTrustStorePassword(tls.trustStorePassword());
        }
        ssl.setNeedClientAuth(tls.needsClientCertificate());
        ssl.setWantClientAuth(tls.wantsClientCertificate());
        ssl.setIncludeProtocols(tls.versions().toArray(String[]::new));
        // RFC 9113 9.2: HTTP/2 over TLS needs TLS 1.2+ with AEAD suites; Jetty's comparator orders them.
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        ssl.setUseCipherSuitesOrder(true);
        ssl.setSniRequired(false);
        watch(use, material, ssl);
        return ssl;
    }

    /**
     * A client context for an upstream: trusts {@code trustStore} (null: the JVM's default CAs) and
     * presents the key store's certificate when the upstream asks for one (null: none).
     */
    public SslContextFactory.Client client(String use, String trustStore, String trustPassword, String keyStore,
            String keyPassword) {
        Material material = new Material(blank(keyStore) ? null : Path.of(keyStore), keyPassword,
                blank(trustStore) ? null : Path.of(trustStore), trustPassword);
        material.check(use);
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        if (material.trustStore() != null) {
            ssl.setTrustStorePath(material.trustStore().toString());
            ssl.setTrustStorePassword(trustPassword);
            ssl.setTrustStoreType("PKCS12");
        }
        if (material.keyStore() != null) {
            ssl.setKeyStorePath(material.keyStore().toString());
            ssl.setKeyStorePassword(keyPassword);
            ssl.setKeyStoreType("PKCS12");
        }
        watch(use, material, ssl);
        return ssl;
    }

    /** Stops reporting the certificates of {@code use} (an upstream that was removed). */
    public void forget(String use) {
        watcher.unwatch(use);
        inventory.remove(use);
    }

    private void watch(String use, Material material, SslContextFactory ssl) {
        if (material.files().isEmpty()) {
            return;
        }
        watcher.watch(use, material.files(), () -> {
            Loaded loaded = material.check(use);   // throws, keeping the old context, if the new files are unusable
            // Jetty's reload holds the factory's lock while it builds the new context, and every new
            // handshake waits for that lock: hand it the stores read above (outside the lock) instead
            // of letting it read and decrypt the files again, so the wait is the context's build only.
            ssl.reload(f -> {
                if (loaded.keyStore() != null) {
                    f.setKeyStore(loaded.keyStore());
                }
                if (loaded.trustStore() != null) {
                    f.setTrustStore(loaded.trustStore());
                }
            });
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The files behind one context; {@link #check} loads them and records their certificates. */
    private final class Material {
        private final Path keyStore;
        private final String keyPassword;
        private final Path trustStore;
        private final String trustPassword;

        Material(Path keyStore, String keyPassword, Path trustStore, String trustPassword) {
            this.keyStore = keyStore;
            this.keyPassword = keyPassword == null ? "" : keyPassword;
            this.trustStore = trustStore;
            this.trustPassword = trustPassword == null ? "" : trustPassword;
        }

        Path keyStore() {
            return keyStore;
        }

        Path trustStore() {
            return trustStore;
        }

        List<Path> files() {
            List<Path> files = new ArrayList<>();
            if (keyStore != null) {
                files.add(keyStore);
            }
            if (trustStore != null) {
                files.add(trustStore);
            }
            return files;
        }

        /** Loads and checks both stores, records their certificates, and returns them as loaded. */
        Loaded check(String use) {
            KeyStore keys = keyStore == null ? null : KeyMaterial.load(keyStore, keyPassword);
            KeyStore trust = trustStore == null ? null : KeyMaterial.load(trustStore, trustPassword);
            KeyMaterial.KeyEntry entry = keys == null ? null : KeyMaterial.keyEntry(keys, keyStore, keyPassword);
            var trusted = trust == null ? List.<java.security.cert.X509Certificate>of() : KeyMaterial.trusted(trust, trustStore);
            inventory.put(use, entry == null ? null : entry.certificate(), keyStore, trusted, trustStore);
            return new Loaded(keys, trust);
        }
    }

    /** The key and trust store of one context as read by a check (either may be null: not used). */
    private record Loaded(KeyStore keyStore, KeyStore trustStore) {
    }
}
