package io.sluice.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys generated per test run and tokens signed with them, as an identity provider would issue them. */
final class Tokens {

    static final String ISSUER = "https://idp.test";
    static final String AUDIENCE = "billing";

    /** RSA generation takes a moment: one pair for all tests of a run. */
    static final RSAKey RSA = rsa("rsa-1");
    static final ECKey EC = ec("ec-1");

    private Tokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public halves of the given keys as a JWK set. */
    static JWKSet publicSet(JWK... keys) {
        return new JWKSet(List.of(keys).stream().map(JWK::toPublicJWK).toList());
    }

    /** Writes a JWK set the way operators should: a temp file moved into place. */
    static Path writeSet(Path file, JWKSet set) throws Exception {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "jwks", ".tmp");
        Files.writeString(temp, set.toString(true));
        return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Claims a valid token carries at {@code now}: issuer, audience, subject alice, five minutes to live. */
    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    static String rs256(JWTClaimsSet claims) {
        return sign(RSA, claims);
    }

    static String es256(JWTClaimsSet claims) {
        return sign(EC, claims);
    }

    /** Signs with {@code key} (RS256 for RSA, ES256 for EC), naming its kid. */
    static String sign(JWK key, JWTClaimsSet claims) {
        try {
            if (key instanceof RSAKey rsa) {
                return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).type(JOSEObjectType.JWT).build(),
                        claims, new RSASSASigner(rsa));
            }
            ECKey ec = (ECKey) key;
            return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims, new ECDSASigner(ec));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
