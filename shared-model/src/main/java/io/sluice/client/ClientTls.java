package io.sluice.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material an admin client presents and trusts: a client certificate with its key (PEM
 * certificate chain + PKCS#8 key, or a PKCS12 key store) and the CAs that sign the nodes'
 * certificates (a PEM bundle or a PKCS12 trust store). Everything is read and checked when built,
 * so a wrong file is reported by name before any connection is tried.
 *
 * <pre>{@code
 * ClientTls tls = ClientTls.pem(Path.of("operator.pem"), Path.of("operator.key")).trusting(Path.of("ca-bundle.pem"), null);
 * }</pre>
 */
public final class ClientTls {

    private static final char[] IN_MEMORY = "sluice".toCharArray();

    private final KeyStore identity;
    private final char[] identityPassword;
    private final X509Certificate certificate;
    private final KeyStore trust;

    private ClientTls(KeyStore identity, char[] identityPassword, X509Certificate certificate, KeyStore trust) {
        this.identity = identity;
        this.identityPassword = identityPassword;
        this.certificate = certificate;
        this.trust = trust;
    }

    /**
     * A PEM certificate (the leaf first, then any intermediates) and its unencrypted PKCS#8 private key
     * ({@code BEGIN PRIVATE KEY}, EC, RSA or EdDSA); the key must belong to the certificate.
     */
    public static ClientTls pem(Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> chain = Pem.certificates(certificateFile);
        PrivateKey key = Pem.privateKey(privateKeyFile);
        if (!belongTogether(key, chain.getFirst().getPublicKey())) {
            throw new IllegalArgumentException("the key in " + privateKeyFile + " does not belong to the certificate in "
                    + certificateFile + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key in " + privateKeyFile + ": " + e.getMessage(), e);
        }
        return new ClientTls(store, IN_MEMORY, chain.getFirst(), null);
    }

    /** A PKCS12 key store holding one private key entry (key password = store password, as JSSE expects). */
    public static ClientTls pkcs12(Path keyStoreFile, char[] password) {
        Objects.requireNonNull(password, "password");
        KeyStore store = loadPkcs12(keyStoreFile, password);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return new ClientTls(store, password.clone(), (X509Certificate) store.getCertificate(alias), null);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + keyStoreFile + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(keyStoreFile + " holds no private key entry (is it a trust store?)");
    }

    /**
     * The same identity, trusting the CAs in {@code file}: a PEM bundle of one or more certificates,
     * or a PKCS12 trust store opened with {@code password} (told apart by content). Without it the
     * JDK's default CAs are trusted, which will not include a cluster's private CA.
     */
    public ClientTls trusting(Path file, char[] password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        KeyStore store;
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN")) {
            store = emptyStore();
            List<X509Certificate> cas = Pem.certificates(text, file.toString());
            try {
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + (i + 1), cas.get(i));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        } else {
            if (password == null) {
                throw new IllegalArgumentException(file + " is not PEM; a PKCS12 trust store needs its password");
            }
            store = loadPkcs12(file, password);
        }
        return new ClientTls(identity, identityPassword, certificate, store);
    }

    /** The client certificate this material presents (its subject names the actor of every change). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A fresh TLS context presenting the client certificate and trusting the given CAs. */
    public SSLContext sslContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, identityPassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust); // null: the JDK's default CAs
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** Signs a few bytes with the key and verifies them with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // RSASSA-PSS and the like: the handshake will tell
        }
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "sluice key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore loadPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException("cannot read PKCS12 store " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read PKCS12 store " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("PKCS12 key stores are not available in this JDK", e);
        }
    }
}
