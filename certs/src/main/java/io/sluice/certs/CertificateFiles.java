package io.sluice.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the certificates out of a PEM file (any number of {@code CERTIFICATE} blocks) or a PKCS12
 * store (trusted entries and the chains of key entries), so that inspect, trust-bundle and probe
 * accept whichever of the two an operator has at hand.
 */
final class CertificateFiles {

    /**
     * One certificate and where it was found.
     *
     * @param label e.g. {@code alias ca [trusted certificate]} or {@code certificate 2}
     * @param alias the PKCS12 alias, or null for PEM
     * @param trusted true for a PKCS12 trusted-certificate entry
     */
    record Found(String label, String alias, boolean trusted, X509Certificate certificate) {
    }

    private CertificateFiles() {
    }

    /** Every certificate in {@code file}; PKCS12 aliases in sorted order, PEM blocks in file order. */
    static List<Found> read(Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no such file: " + file);
        }
        return isPem(file) ? fromPem(file) : fromPkcs12(file, password);
    }

    /** Just the certificates of {@link #read}. */
    static List<X509Certificate> certificates(Path file, char[] password) {
        return read(file, password).stream().map(Found::certificate).toList();
    }

    static boolean isPem(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
            return head.contains("-----BEGIN ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Found> fromPem(Path file) {
        List<Found> found = new ArrayList<>();
        try (PemReader reader = new PemReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.US_ASCII))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemObject pem = reader.readPemObject(); pem != null; pem = reader.readPemObject()) {
                if (pem.getType().equals("CERTIFICATE")) {
                    var cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.getContent()));
                    found.add(new Found("certificate " + (found.size() + 1), null, false, cert));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PEM " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bad certificate in " + file + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException(file + " holds no CERTIFICATE block (a private key file?)");
        }
        return found;
    }

    private static List<Found> fromPkcs12(Path file, char[] password) {
        KeyStore store = KeyStores.load(file, password);
        List<Found> found = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases()).stream().sorted().toList()) {
                boolean key = store.isKeyEntry(alias);
                Certificate[] chain = key ? store.getCertificateChain(alias) : new Certificate[] {store.getCertificate(alias)};
                for (int i = 0; chain != null && i < chain.length; i++) {
                    String label = key
                            ? "alias " + alias + " [key entry, chain " + (i + 1) + "/" + chain.length + "]"
                            : "alias " + alias + " [trusted certificate]";
                    if (chain[i] instanceof X509Certificate x509) {
                        found.add(new Found(label, alias, !key, x509));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return found;
    }
}
