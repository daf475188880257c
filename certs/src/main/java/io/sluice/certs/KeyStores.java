package io.sluice.certs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Builds, reads and writes the PKCS12 key and trust stores (and PEM files) that Sluice's TLS
 * endpoints load. All stores are the JDK's own {@code PKCS12} type, so SunJSSE can use them
 * directly with {@code KeyManagerFactory}/{@code TrustManagerFactory}; the key password always
 * equals the store password, which is what JSSE expects.
 *
 * <p>Files are written atomically (temporary file + {@code ATOMIC_MOVE}), a previous file is kept
 * as {@code FILE.bak-<UTC timestamp>}, and files holding private keys are owner-only
 * ({@code rw-------}) on POSIX file systems; files without secrets are {@code rw-r--r--}.
 */
public final class KeyStores {

    private KeyStores() {
    }

    /** An in-memory PKCS12 store with one key entry: {@code cert}'s key and chain under {@code alias}. */
    public static KeyStore keyStore(IssuedCertificate cert, String alias, char[] password) {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(password, "password");
        KeyStore store = empty();
        try {
            store.setKeyEntry(alias, cert.privateKey(), password, cert.chain().toArray(X509Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add key entry '" + alias + "': " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * An in-memory PKCS12 trust store with one trusted-certificate entry per CA, aliased
     * {@code ca}, {@code ca-2}, {@code ca-3}, ... in argument order.
     */
    public static KeyStore trustStore(X509Certificate... cas) {
        if (cas == null || cas.length == 0) {
            throw new IllegalArgumentException("a trust store needs at least one CA certificate");
        }
        KeyStore store = empty();
        try {
            for (int i = 0; i < cas.length; i++) {
                store.setCertificateEntry(i == 0 ? "ca" : "ca-" + (i + 1), Objects.requireNonNull(cas[i], "ca"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add trusted certificate: " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * Saves {@code ks} to {@code file} atomically. If {@code file} exists it is first copied to
     * {@code FILE.bak-<UTC timestamp>}. Stores containing a key entry get {@code rw-------}.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeAtomically(KeyStore ks, Path file, char[] password) {
        store(ks, file, password);
    }

    /**
     * Writes {@code cert}'s chain (leaf first, then the CA) as PEM to {@code certFile} and its
     * private key as unencrypted PKCS8 PEM ({@code BEGIN PRIVATE KEY}) to {@code keyFile}, which
     * is made owner-only. Both writes are atomic and keep backups like {@link #writeAtomically}.
     */
    public static void writePem(IssuedCertificate cert, Path certFile, Path keyFile) {
        Objects.requireNonNull(cert, "cert");
        SecureFiles.write(keyFile, pem("PRIVATE KEY", List.of(cert.privateKey().getEncoded())), true);
        SecureFiles.write(certFile, certificatesPem(cert.chain()), false);
    }

    /**
     * Reads a PKCS12 store.
     *
     * @throws UncheckedIOException if the file is missing, not PKCS12, or the password is wrong
     */
    public static KeyStore load(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new NoSuchFileException(file.toString(), null, "no such file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            String reason = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password" : e.getMessage();
            throw new UncheckedIOException("cannot read keystore " + file + ": " + reason, e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException("cannot read keystore " + file + ": " + e.getMessage(),
                    new IOException(e));
        }
    }

    /** Like {@link #writeAtomically} but tells the caller where the backup went, if one was made. */
    static Optional<Path> store(KeyStore ks, Path file, char[] password) {
        Objects.requireNonNull(ks, "ks");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean secret;
        try {
            ks.store(bytes, password);
            secret = false;
            for (String alias : Collections.list(ks.aliases())) {
                secret |= ks.isKeyEntry(alias);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize keystore: " + e.getMessage(), e);
        }
        return SecureFiles.write(file, bytes.toByteArray(), secret);
    }

    /** PEM text ({@code BEGIN CERTIFICATE} blocks) for the given certificates, in order. */
    static byte[] certificatesPem(List<X509Certificate> certs) {
        try {
            List<byte[]> encoded = new java.util.ArrayList<>();
            for (X509Certificate cert : certs) {
                encoded.add(cert.getEncoded());
            }
            return pem("CERTIFICATE", encoded);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(String type, List<byte[]> blocks) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            for (byte[] block : blocks) {
                writer.writeObject(new PemObject(type, block));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // cannot happen with a StringWriter
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static KeyStore empty() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("PKCS12 key stores are not available in this JDK", e);
        }
    }
}
