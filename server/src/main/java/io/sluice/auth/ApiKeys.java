package io.sluice.auth;

import io.sluice.config.ApiKeyConfig;
import io.sluice.config.ApiKeysConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Authentication by API key. The config holds only SHA-256 hashes of the keys; a presented key is
 * hashed and compared with every configured hash in constant time, so neither the comparison nor
 * the position of the match in the list shows in the response time.
 *
 * <p>{@link #main} makes a new key: {@code ApiKeys [id]} prints a random 32-byte key (base64url)
 * for the client and the config line with its hash for the gateway.
 */
public final class ApiKeys implements CredentialCheck {

    private record Key(String id, byte[] sha256) {
    }

    private final List<Key> keys;

    ApiKeys(ApiKeysConfig config) {
        this.keys = config.keys().stream()
                .map((ApiKeyConfig k) -> new Key(k.id(), HexFormat.of().parseHex(k.sha256())))
                .toList();
    }

    @Override
    public Verdict check(Credentials credentials) {
        String presented = credentials.apiKey();
        if (presented == null || presented.isEmpty()) {
            return Verdict.ABSENT;
        }
        byte[] hash = sha256(presented);
        Key match = null;
        for (Key key : keys) {
            // no early exit: every request compares against every key
            if (MessageDigest.isEqual(key.sha256(), hash) && match == null) {
                match = key;
            }
        }
        return match == null ? new Verdict.Rejected("unknown API key") : new Verdict.Allowed(new Identity("apikey", match.id()));
    }

    /** The SHA-256 of a key in lower-case hex: the {@code sha256} value of its config entry. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A new random key: 32 bytes from {@link SecureRandom}, base64url without padding. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Prints a new key and its config line; the optional argument is the key's id. */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "my-client";
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            System.err.println("the id must be 1-64 letters, digits, '.', '_' or '-'");
            System.exit(2);
        }
        String key = newKey();
        System.out.println("key (give it to the client, it is not stored anywhere): " + key);
        System.out.println("config (under auth.apiKeys.keys):  - {id: " + id + ", sha256: " + sha256Hex(key) + "}");
    }
}
