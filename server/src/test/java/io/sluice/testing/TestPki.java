package io.sluice.testing;

import io.sluice.certs.CertificateAuthority;
import io.sluice.certs.IssuedCertificate;
import io.sluice.certs.KeyStores;
import io.sluice.certs.Role;
import io.sluice.config.AdminConfig;
import io.sluice.config.IdentityConfig;
import io.sluice.config.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A real cluster CA minted for a test, with the files production uses: {@code truststore.p12}
 * (the CA), node key stores (role node, SANs localhost and 127.0.0.1), operator and viewer key
 * stores and caller certificates, all PKCS12 with password {@link #PASSWORD}. One per directory:
 * asking again for the same directory returns the same CA, so every node of a test cluster trusts
 * the others.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";
    private static final Map<Path, TestPki> BY_DIR = new ConcurrentHashMap<>();

    private final Path dir;
    private final CertificateAuthority ca;
    private final Map<String, Path> issued = new ConcurrentHashMap<>();

    private TestPki(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
        KeyStores.writeAtomically(KeyStores.trustStore(ca.certificate()), trustStore(), PASSWORD.toCharArray());
    }

    /** The PKI kept in {@code dir}, created on first use. */
    public static TestPki in(Path dir) {
        return BY_DIR.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            try {
                Files.createDirectories(d);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new TestPki(d, CertificateAuthority.create("Test CA " + d.getFileName(), Duration.ofDays(30)));
        });
    }

    /** The PKI kept in {@code dir} (same as {@link #in}). */
    public static TestPki create(Path dir) {
        return in(dir);
    }

    /** The key store of "node-1", the certificate single-node tests serve. */
    public Path nodeKeyStore() {
        return node("node-1");
    }

    public String password() {
        return PASSWORD;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public Path dir() {
        return dir;
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** Node key store for {@code name} (issued once). */
    public Path node(String name) {
        return issued.computeIfAbsent("node:" + name, k -> write(name,
                ca.issueNode(name, List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(7))));
    }

    /** Operator-tool key store for {@code name} with {@code role} viewer or operator (issued once). */
    public Path operator(String name, Role role) {
        return issued.computeIfAbsent(role + ":" + name, k -> write(name, ca.issueOperator(name, role, Duration.ofDays(7))));
    }

    /** Caller key store for {@code name}: clientAuth, no role (issued once). */
    public Path client(String name) {
        return issued.computeIfAbsent("client:" + name, k -> write(name, ca.issueClient(name, Duration.ofDays(7))));
    }

    /**
     * Reissues node {@code name}'s certificate (new key, new serial, same names) with {@code issuer}
     * and replaces its key store atomically, as the rotation script does; returns the new serial in hex.
     */
    public String renewNode(String name, CertificateAuthority issuer) {
        node(name);
        var cert = issuer.issueNode(name, List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(7));
        write(name, cert);
        return cert.certificate().getSerialNumber().toString(16);
    }

    /** Reissues operator {@code name} with {@code issuer}, replacing its key store atomically. */
    public Path renewOperator(String name, Role role, CertificateAuthority issuer) {
        operator(name, role);
        return write(name, issuer.issueOperator(name, role, Duration.ofDays(7)));
    }

    /** Replaces the trust store with one trusting exactly {@code cas} (a CA rotation's trust bundle). */
    public void trust(java.security.cert.X509Certificate... cas) {
        KeyStores.writeAtomically(KeyStores.trustStore(cas), trustStore(), PASSWORD.toCharArray());
    }

    /** Writes {@code cert} as {@code DIR/<alias>.p12} (replacing any earlier one atomically). */
    public Path write(String alias, IssuedCertificate cert) {
        Path file = dir.resolve(alias + ".p12");
        KeyStores.writeAtomically(KeyStores.keyStore(cert, alias, PASSWORD.toCharArray()), file, PASSWORD.toCharArray());
        return file;
    }

    public IdentityConfig identity(String nodeName) {
        return new IdentityConfig(node(nodeName).toString(), PASSWORD, trustStore().toString(), PASSWORD);
    }

    public TlsConfig serverTls(String nodeName, String clientAuth) {
        return new TlsConfig(node(nodeName).toString(), PASSWORD, List.of("TLSv1.3"), clientAuth,
                trustStore().toString(), PASSWORD);
    }

    public AdminConfig admin(String nodeName) {
        return new AdminConfig("127.0.0.1", 0, serverTls(nodeName, "required"));
    }

    /** YAML flow mapping of {@link #identity} for node files. */
    public String identityYaml(String nodeName) {
        return "{keyStore: %s, keyStorePassword: %s, trustStore: %s, trustStorePassword: %s}"
                .formatted(node(nodeName), PASSWORD, trustStore(), PASSWORD);
    }

    /** YAML flow mapping of a server TLS setting for {@code nodeName}'s certificate. */
    public String tlsYaml(String nodeName, String clientAuth) {
        return "{keyStore: %s, keyStorePassword: %s, clientAuth: %s, trustStore: %s, trustStorePassword: %s}"
                .formatted(node(nodeName), PASSWORD, clientAuth, trustStore(), PASSWORD);
    }

    /** A client SSL context presenting {@code keyStore} (null for none) and trusting this CA. */
    public SSLContext clientContext(Path keyStore) {
        return clientContext(keyStore, false);
    }

    /**
     * Like {@link #clientContext(Path)}, but with {@code always} the certificate is sent even when
     * the server's list of accepted CAs does not name its issuer (JSSE would otherwise send none):
     * what a client with a certificate from a foreign CA can do on purpose.
     */
    public SSLContext clientContext(Path keyStore, boolean always) {
        try {
            KeyManager[] keyManagers = null;
            if (keyStore != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(KeyStores.load(keyStore, PASSWORD.toCharArray()), PASSWORD.toCharArray());
                keyManagers = kmf.getKeyManagers();
                if (always) {
                    keyManagers = new KeyManager[] {new AlwaysPresent((X509ExtendedKeyManager) keyManagers[0])};
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(KeyStores.load(trustStore(), PASSWORD.toCharArray()));
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers, tmf.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offers the key store's only key whatever issuers the server asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final String alias;

        AlwaysPresent(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
            String[] aliases = delegate.getClientAliases("EC", null);
            this.alias = aliases == null || aliases.length == 0 ? null : aliases[0];
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return delegate.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    /** The PKCS12 store at {@code file}, loaded with {@link #PASSWORD}. */
    public static KeyStore load(Path file) {
        return KeyStores.load(file, PASSWORD.toCharArray());
    }
}
