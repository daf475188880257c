package io.sluice.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files an operator is given: certificate chains and CA bundles ({@code BEGIN
 * CERTIFICATE} blocks, text between blocks ignored) and unencrypted PKCS#8 private keys ({@code BEGIN
 * PRIVATE KEY}, EC, RSA or EdDSA). Other key formats are refused with the openssl command that
 * converts them, because a vague "invalid key" is what makes people give up on mutual TLS.
 */
final class Pem {

    /** One {@code -----BEGIN TYPE----- ... -----END TYPE-----} block, decoded. */
    record Block(String type, byte[] der) {
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** Key algorithm OIDs (DER content bytes, hex) of PKCS#8's AlgorithmIdentifier. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "2a8648ce3d0201", "EC",
            "2a864886f70d010101", "RSA",
            "2a864886f70d01010a", "RSASSA-PSS",
            "2b6570", "Ed25519",
            "2b6571", "Ed448");

    private Pem() {
    }

    static List<Block> blocks(String text, String source) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": the " + m.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }

    /** Every certificate in {@code file}, in file order (a chain is leaf first). */
    static List<X509Certificate> certificates(Path file) {
        return certificates(read(file), file.toString());
    }

    static List<X509Certificate> certificates(String text, String source) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text, source)) {
                if (b.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + ": a CERTIFICATE block does not hold an X.509 certificate: "
                    + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }

    /** The private key in {@code file}: the first key block, which must be unencrypted PKCS#8. */
    static PrivateKey privateKey(Path file) {
        return privateKey(read(file), file.toString());
    }

    static PrivateKey privateKey(String text, String source) {
        for (Block b : blocks(text, source)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), source);
                }
                case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> throw new IllegalArgumentException(source + " holds a "
                        + b.type() + " in the old format; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
                        + source + " -out key.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(source + " holds an encrypted key; "
                        + "give an unencrypted one (openssl pkcs8 -in " + source + " -out key.pem) or a PKCS12 key store");
                default -> {
                    // certificates next to the key are fine
                }
            }
        }
        throw new IllegalArgumentException(source + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, String source) {
        String algorithm = algorithm(der, source);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + ": not a valid " + algorithm + " private key: " + e.getMessage(), e);
        }
    }

    /**
     * The key algorithm named in PKCS#8's {@code PrivateKeyInfo ::= SEQUENCE { version INTEGER,
     * privateKeyAlgorithm SEQUENCE { algorithm OID, ... }, ... }}.
     */
    static String algorithm(byte[] der, String source) {
        try {
            Der in = new Der(der);
            in.enter(0x30);
            in.skip(0x02);
            in.enter(0x30);
            String oid = HexFormat.of().formatHex(in.content(0x06));
            String name = KEY_ALGORITHMS.get(oid);
            if (name == null) {
                throw new IllegalArgumentException(source + ": unsupported private key algorithm (OID bytes " + oid
                        + "); use an EC, RSA or EdDSA key");
            }
            return name;
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(source + ": the PRIVATE KEY block is not PKCS#8 DER");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Just enough DER to walk to the first OID: tag-length-value with definite lengths. */
    private static final class Der {
        private final byte[] der;
        private int pos;

        Der(byte[] der) {
            this.der = der;
        }

        /** Steps into a constructed value with {@code tag}. */
        void enter(int tag) {
            length(tag);
        }

        void skip(int tag) {
            int n = length(tag); // not "pos += length(tag)": that would add to pos as it was before the header
            pos += n;
        }

        byte[] content(int tag) {
            int n = length(tag);
            byte[] out = java.util.Arrays.copyOfRange(der, pos, pos + n);
            pos += n;
            return out;
        }

        private int length(int tag) {
            if ((der[pos++] & 0xff) != tag) {
                throw new IndexOutOfBoundsException("unexpected tag");
            }
            int first = der[pos++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int n = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                n = (n << 8) | (der[pos++] & 0xff);
            }
            if (n < 0 || pos + n > der.length) {
                throw new IndexOutOfBoundsException("length past the end");
            }
            return n;
        }
    }
}
