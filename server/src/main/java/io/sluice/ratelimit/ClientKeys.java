package io.sluice.ratelimit;

import io.sluice.auth.Identity;
import io.sluice.config.RateLimitConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * Which bucket a request draws from under a policy: its client IP, the value of a header such as
 * an API key, the identity its route's authentication proved ({@code identity}, such as
 * {@code jwt:alice}; the client IP when the request was not authenticated), or one shared bucket
 * ({@code global}, key {@code ""}).
 *
 * <p>A request without the header (or with an empty one) draws from the bucket named
 * {@value #MISSING}: all such requests share it, so leaving the key out never escapes the limit. A
 * value longer than {@value #MAX_PLAIN} characters is replaced by its SHA-256, so a client cannot
 * make the node keep kilobytes per key.
 */
public final class ClientKeys {

    /** The key of requests that lack the policy's header. */
    public static final String MISSING = "-";

    static final int MAX_PLAIN = 64;

    private ClientKeys() {
    }

    public static String of(RateLimitConfig policy, Request request) {
        return of(policy.key(), Request.getRemoteAddr(request), Identity.of(request), request.getHeaders());
    }

    static String of(String keySpec, String remoteAddr, HttpFields headers) {
        return of(keySpec, remoteAddr, null, headers);
    }

    static String of(String keySpec, String remoteAddr, Identity identity, HttpFields headers) {
        if (keySpec.equals("global")) {
            return "";
        }
        String value = switch (keySpec) {
            case "client-ip" -> remoteAddr;
            case "identity" -> identity != null ? identity.toString() : remoteAddr;
            default -> headers.get(keySpec.substring("header:".length()));
        };
        if (value == null || value.isEmpty()) {
            return MISSING;
        }
        return value.length() > MAX_PLAIN ? digest(value) : value;
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
