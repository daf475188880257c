package io.sluice.cluster.integrity;

import io.sluice.cluster.Json;
import io.sluice.tls.NodeCredentials;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Seals values with this node's current key ({@link NodeCredentials}, re-read on every call so a
 * rotated key is used from the next write on). EC keys sign with SHA256withECDSA, RSA keys with
 * SHA256withRSA; other key types are refused rather than guessed at.
 */
public final class Signer {

    private final String nodeId;
    private final Supplier<NodeCredentials> identity;
    private volatile Encoded encoded;

    public Signer(String nodeId, Supplier<NodeCredentials> identity) {
        this.nodeId = nodeId;
        this.identity = identity;
    }

    /** The envelope JSON for {@code payload} stored under {@code key} of {@code map}. */
    public String seal(String map, String key, String payload) {
        NodeCredentials credentials = identity.get();
        String alg = algorithmFor(credentials.key());
        try {
            Signature signature = Signature.getInstance(alg);
            signature.initSign(credentials.key());
            signature.update(SignedValue.signedBytes(map, key, nodeId, alg, payload));
            String sig = Base64.getEncoder().encodeToString(signature.sign());
            return Json.write(new SignedValue(SignedValue.FORMAT, nodeId, alg, chainOf(credentials), sig, payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("node " + nodeId + " cannot sign " + map + "[" + key + "]: " + e.getMessage(), e);
        }
    }

    static String algorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalStateException("cluster identity key type " + key.getAlgorithm()
                    + " cannot sign shared state: use an EC or RSA node key");
        };
    }

    /** The chain as sent: leaf first, the self-signed root left out (every verifier has it, or must not trust it). */
    private List<String> chainOf(NodeCredentials credentials) {
        Encoded cached = encoded;
        if (cached != null && cached.credentials == credentials) {
            return cached.chain;
        }
        List<String> out = new ArrayList<>();
        try {
            for (X509Certificate c : credentials.chain()) {
                if (out.isEmpty() || !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    out.add(Base64.getEncoder().encodeToString(c.getEncoded()));
                }
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate chain of node " + nodeId, e);
        }
        encoded = new Encoded(credentials, List.copyOf(out));
        return encoded.chain;
    }

    private record Encoded(NodeCredentials credentials, List<String> chain) {
    }
}
