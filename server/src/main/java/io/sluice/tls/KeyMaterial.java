package io.sluice.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads PKCS12 key and trust stores and checks them before anything uses them, so that a broken,
 * half-written or wrongly protected file is reported with its path and reason and never replaces
 * working key material.
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** Loads a PKCS12 store. */
    public static KeyStore load(Path file, String password) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new TlsMaterialException(file + " is missing or unreadable");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            String reason = e.getCause() instanceof java.security.UnrecoverableKeyException ? "wrong password" : e.getMessage();
            throw new TlsMaterialException(file + " is not a readable PKCS12 store: " + reason, e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file + " is not a readable PKCS12 store: " + e.getMessage(), e);
        }
    }

    /** The single key entry of a key store: its private key and chain (leaf first). */
    public static KeyEntry keyEntry(Path file, String password) {
        return keyEntry(load(file, password), file, password);
    }

    /** The single key entry of {@code store}, loaded from {@code file} (named in errors). */
    public static KeyEntry keyEntry(KeyStore store, Path file, String password) {
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new TlsMaterialException(file + " must hold exactly one key entry, found " + keys.size());
            }
            Key key = store.getKey(keys.getFirst(), password.toCharArray());
            if (!(key instanceof PrivateKey privateKey)) {
                throw new TlsMaterialException(file + ": entry '" + keys.getFirst() + "' is not a private key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(keys.getFirst())) {
                chain.add((X509Certificate) c);
            }
            return new KeyEntry(keys.getFirst(), privateKey, List.copyOf(chain));
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file + ": cannot read the key entry: " + e.getMessage(), e);
        }
    }

    /** The trusted certificates of a trust store (at least one). */
    public static List<X509Certificate> trusted(Path file, String password) {
        return trusted(load(file, password), file);
    }

    /** The trusted certificates of {@code store}, loaded from {@code file} (named in errors). */
    public static List<X509Certificate> trusted(KeyStore store, Path file) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            if (out.isEmpty()) {
                throw new TlsMaterialException(file + " holds no trusted certificate");
            }
            return List.copyOf(out);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file + ": " + e.getMessage(), e);
        }
    }

    /** Node credentials from a key store and a trust store, checked to belong together. */
    public static NodeCredentials credentials(Path keyStore, String keyPassword, Path trustStore, String trustPassword) {
        KeyEntry entry = keyEntry(keyStore, keyPassword);
        return new NodeCredentials(entry.key(), entry.chain(), trusted(trustStore, trustPassword));
    }

    /** One key entry of a key store. */
    public record KeyEntry(String alias, PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.getFirst();
        }
    }
}
