package io.sluice.cluster.integrity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a shared map holds instead of a bare JSON value: the value's JSON ({@code payload}), who
 * signed it, the signer's certificate chain (leaf first, base64 DER, without the self-signed root)
 * and a signature over {@link #signedBytes}. Stored as JSON text like every other shared value.
 *
 * <p>The signature covers the map name and the entry key as well as the payload, so a value that
 * verifies under one key cannot be copied to another key or another map (a history entry cannot
 * become the config head; node-1's registry entry cannot be replayed as node-2's).
 *
 * @param v         envelope format, {@value #FORMAT}
 * @param signer    the node id of the writer, as it said (informational: authority comes from the chain)
 * @param alg       JCA signature algorithm, {@code SHA256withECDSA} or {@code SHA256withRSA}
 * @param chain     the signer's certificate chain, leaf first, base64 DER
 * @param sig       the signature, base64
 * @param payload   the value itself, JSON
 */
public record SignedValue(int v, String signer, String alg, List<String> chain, String sig, String payload) {

    public static final int FORMAT = 1;
    public static final List<String> ALGORITHMS = List.of("SHA256withECDSA", "SHA256withRSA");
    private static final String DOMAIN = "sluice.signed-value.v1";

    public SignedValue {
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /**
     * The canonical bytes a signature covers: a domain tag, then map, key, signer, algorithm and
     * payload, each as a 4-byte big-endian length and its UTF-8 bytes. Length prefixes make the
     * encoding unambiguous (no field can borrow characters from its neighbour), and the whole form
     * depends on nothing a JSON writer may reorder or re-escape.
     */
    public static byte[] signedBytes(String map, String key, String signer, String alg, String payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (payload == null ? 0 : payload.length()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String field : new String[] {DOMAIN, map, key, signer, alg, payload}) {
                byte[] utf8 = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
