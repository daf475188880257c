package io.sluice.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Authentication by a signed JWT in {@code Authorization: Bearer}. Keys come from {@code jwks}: a
 * JWK set file (re-read when it changes) or an {@code https://} / {@code http://} URL (cached,
 * refetched at a bounded rate when a token names an unknown key). A token is accepted when its
 * signature verifies with one of {@code algorithms} (RS256 and ES256 only; HMAC and {@code none}
 * are never accepted), {@code iss} equals {@code issuer}, {@code aud} names one of
 * {@code audiences}, it has a {@code sub}, and {@code exp} / {@code nbf} hold within
 * {@code clockSkew}. A valid token without all {@code requiredScopes} (claim {@code scope} or
 * {@code scp}) is forbidden rather than unauthenticated.
 */
public record JwtConfig(String jwks, String issuer, List<String> audiences, List<String> algorithms, Duration clockSkew,
                        List<String> requiredScopes) {

    public static final List<String> ALGORITHMS = List.of("RS256", "ES256");
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    public JwtConfig {
        jwks = Checks.required("jwks", jwks);
        if (isUrl(jwks)) {
            try {
                URI uri = new URI(jwks);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                uri.toURL();
            } catch (Exception e) {
                throw ConfigException.invalid("jwks", jwks, "a file path or an https:// or http:// URL with a host");
            }
        }
        issuer = Checks.required("issuer", issuer);
        audiences = Checks.list(audiences);
        if (audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new ConfigException("audiences", "needs at least one non-empty audience: a token must be meant for this route");
        }
        algorithms = algorithms == null || algorithms.isEmpty() ? ALGORITHMS : List.copyOf(algorithms);
        for (String a : algorithms) {
            if (!ALGORITHMS.contains(a)) {
                throw ConfigException.invalid("algorithms", a, "allowed values are " + String.join(", ", ALGORITHMS));
            }
        }
        if (algorithms.stream().distinct().count() < algorithms.size()) {
            throw ConfigException.invalid("algorithms", algorithms, "each algorithm once");
        }
        clockSkew = Checks.orDefault(clockSkew, Duration.ofSeconds(30));
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_SKEW) > 0 || clockSkew.toMillis() % 1000 != 0) {
            throw ConfigException.invalid("clockSkew", DurationParser.format(clockSkew), "whole seconds from 0s to 5m");
        }
        requiredScopes = Checks.list(requiredScopes);
        for (String s : requiredScopes) {
            if (s == null || !s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                throw ConfigException.invalid("requiredScopes", s, "a scope token (RFC 6749: printable ASCII without space, '\"' or '\\')");
            }
        }
    }

    private static boolean isUrl(String jwks) {
        return jwks.startsWith("https://") || jwks.startsWith("http://");
    }
}
