package io.sluice.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.sluice.config.JwtConfig;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Authentication by JWT bearer token; nimbus-jose-jwt does the parsing and the cryptography.
 * Accepted: a JWS (never {@code none}, never encrypted) signed with one of the configured
 * algorithms (RS256, ES256; so never HMAC, whatever the token's header says) by a key of the
 * route's JWK set, of type {@code JWT}, {@code at+jwt} or untyped, whose {@code iss} equals the
 * issuer, {@code aud} names an accepted audience, {@code sub} is present and {@code exp} /
 * {@code nbf} hold within the clock skew by the injected clock. Missing required scopes make a
 * valid token forbidden (403), not invalid.
 */
final class JwtVerifier implements CredentialCheck {

    private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final List<String> requiredScopes;

    JwtVerifier(JwtConfig config, JWKSource<SecurityContext> keys, InstantSource clock) {
        Set<JWSAlgorithm> algorithms = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, ACCESS_TOKEN, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // mutable sets: nimbus asks them whether they contain null, which Set.of answers with an NPE
                new HashSet<>(config.audiences()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                new HashSet<>(List.of("sub", "exp")),
                null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(Math.toIntExact(config.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        this.requiredScopes = config.requiredScopes();
    }

    @Override
    public Verdict check(Credentials credentials) {
        String token = credentials.bearerToken();
        if (token == null) {
            return Verdict.ABSENT;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            return new Verdict.Rejected("JWT keys unavailable: " + e.getMessage());
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return new Verdict.Rejected("invalid JWT: " + e.getMessage());
        } catch (RuntimeException e) {
            // whatever a crafted token makes the parser throw, it is the token's fault, not a 500
            return new Verdict.Rejected("malformed JWT: " + e);
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return new Verdict.Rejected("JWT without a subject");
        }
        Identity identity = new Identity("jwt", subject);
        if (!requiredScopes.isEmpty()) {
            Set<String> missing = new LinkedHashSet<>(requiredScopes);
            missing.removeAll(scopes(claims));
            if (!missing.isEmpty()) {
                return new Verdict.Denied(identity, "JWT lacks scopes " + missing);
            }
        }
        return new Verdict.Allowed(identity);
    }

    /** The token's scopes: {@code scope} as a space-separated string (RFC 8693, RFC 9068) or {@code scp} as string or list. */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.getClaim(name);
            if (value instanceof String s) {
                for (String scope : s.trim().split(" +")) {
                    scopes.add(scope);
                }
            } else if (value instanceof List<?> list) {
                for (Object scope : list) {
                    if (scope instanceof String s) {
                        scopes.add(s);
                    }
                }
            }
        }
        return scopes;
    }
}
