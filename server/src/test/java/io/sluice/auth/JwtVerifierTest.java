package io.sluice.auth;

import static io.sluice.auth.Tokens.EC;
import static io.sluice.auth.Tokens.RSA;
import static io.sluice.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.sluice.config.JwtConfig;
import io.sluice.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens signed in the test with fresh RSA and EC keys, checked against a JWK set of their public halves. */
class JwtVerifierTest {

    private final MutableClock clock = new MutableClock();
    private final Instant now = clock.instant();

    private static JwtConfig config(List<String> algorithms, List<String> scopes) {
        return new JwtConfig("/unused/jwks.json", Tokens.ISSUER, List.of(Tokens.AUDIENCE, "reports"), algorithms,
                Duration.ofSeconds(30), scopes);
    }

    private final JwtVerifier verifier = verifier(config(null, null));

    private JwtVerifier verifier(JwtConfig config) {
        return new JwtVerifier(config, new ImmutableJWKSet<SecurityContext>(Tokens.publicSet(RSA, EC)), clock);
    }

    private Verdict check(String token) {
        return verifier.check(new Credentials(token, null, null));
    }

    private static void assertRejected(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    }

    /** Rejected, and for the reason the test is about (the server log's text; clients never see it). */
    private static void assertRejected(Verdict verdict, String reason) {
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        assertThat(((Verdict.Rejected) verdict).reason()).contains(reason);
    }

    @Test
    void shouldAcceptRs256TokenWhenSignedByAKeyOfTheSet() {
        assertThat(check(Tokens.rs256(claims(now).build()))).isEqualTo(new Verdict.Allowed(new Identity("jwt", "alice")));
    }

    @Test
    void shouldAcceptEs256TokenWhenSignedByAKeyOfTheSet() {
        assertThat(check(Tokens.es256(claims(now).build()))).isEqualTo(new Verdict.Allowed(new Identity("jwt", "alice")));
    }

    @Test
    void shouldAcceptAccessTokenTypeAndAnyOneAcceptedAudience() throws Exception {
        JWTClaimsSet claims = claims(now).audience(List.of("other-service", "reports")).build();
        String token = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .type(new JOSEObjectType("at+jwt")).build(), claims, new RSASSASigner(RSA));

        assertThat(check(token)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldBeAbsentWhenThereIsNoBearerToken() {
        assertThat(check(null)).isEqualTo(Verdict.ABSENT);
    }

    @Test
    void shouldRejectTokenWhenExpired() {
        String token = Tokens.rs256(claims(now).build());
        clock.advance(Duration.ofMinutes(5).plusSeconds(31));

        assertRejected(check(token), "Expired JWT");
    }

    @Test
    void shouldAcceptExpiredTokenWhileWithinClockSkew() {
        String token = Tokens.rs256(claims(now).build());
        clock.advance(Duration.ofMinutes(5).plusSeconds(29));

        assertThat(check(token)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldRejectTokenWhenNotYetValidBeyondClockSkew() {
        String early = Tokens.rs256(claims(now).notBeforeTime(Date.from(now.plusSeconds(31))).build());
        String withinSkew = Tokens.rs256(claims(now).notBeforeTime(Date.from(now.plusSeconds(29))).build());

        assertRejected(check(early), "JWT before use time");
        assertThat(check(withinSkew)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldRejectTokenWhenIssuerDiffers() {
        assertRejected(check(Tokens.rs256(claims(now).issuer("https://evil.test").build())), "iss claim");
    }

    @Test
    void shouldRejectTokenWhenAudienceIsNotAccepted() {
        assertRejected(check(Tokens.rs256(claims(now).audience("payroll").build())), "audience rejected");
        assertRejected(check(Tokens.rs256(claims(now).audience((String) null).build())), "missing required audience");
    }

    @Test
    void shouldRejectTokenWhenSubjectOrExpiryIsMissing() {
        assertRejected(check(Tokens.rs256(claims(now).subject(null).build())), "missing required claims: [sub]");
        assertRejected(check(Tokens.rs256(claims(now).expirationTime(null).build())), "missing required claims: [exp]");
    }

    @Test
    void shouldRejectUnsecuredTokenWhenAlgIsNone() {
        assertRejected(check(new PlainJWT(claims(now).build()).serialize()), "Unsecured (plain) JWTs are rejected");
    }

    @Test
    void shouldRejectHs256TokenWhenSignedWithThePublicKeyAsSecret() throws Exception {
        byte[] publicKey = RSA.toRSAPublicKey().getEncoded();
        String token = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims(now).build(), new MACSigner(publicKey));

        assertRejected(check(token), "Another algorithm expected");
    }

    @Test
    void shouldRejectTokenWhenItsKidIsUnknown() {
        assertRejected(check(Tokens.sign(Tokens.rsa("rsa-unknown"), claims(now).build())), "no matching key(s) found");
    }

    @Test
    void shouldRejectTokenWhenSignedByAnotherKeyUnderAKnownKid() {
        assertRejected(check(Tokens.sign(Tokens.rsa("rsa-1"), claims(now).build())), "Invalid signature");
    }

    @Test
    void shouldRejectTokenWhenPayloadWasTamperedWith() {
        String[] parts = Tokens.rs256(claims(now).build()).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(now).subject("admin").build().toString().getBytes(StandardCharsets.UTF_8));

        assertRejected(check(parts[0] + "." + forged + "." + parts[2]), "Invalid signature");
    }

    @Test
    void shouldRejectEs256TokenWhenOnlyRs256IsConfigured() {
        JwtVerifier rsaOnly = verifier(config(List.of("RS256"), null));

        assertRejected(rsaOnly.check(new Credentials(Tokens.es256(claims(now).build()), null, null)), "Another algorithm expected");
        assertThat(rsaOnly.check(new Credentials(Tokens.rs256(claims(now).build()), null, null)))
                .isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldRejectGarbageWithoutThrowing() {
        assertRejected(check("not-a-token"));
        assertRejected(check("a.b.c"));
        assertRejected(check("eyJhbGciOiJSUzI1NiJ9.%%%.***"));
    }

    @Test
    void shouldDenyValidTokenWhenARequiredScopeIsMissing() {
        JwtVerifier scoped = verifier(config(null, List.of("billing.read")));

        Verdict verdict = scoped.check(new Credentials(Tokens.rs256(claims(now).claim("scope", "openid billing.write").build()), null, null));

        assertThat(verdict).isInstanceOf(Verdict.Denied.class);
        assertThat(((Verdict.Denied) verdict).identity()).hasToString("jwt:alice");
        assertThat(scoped.check(new Credentials(Tokens.rs256(claims(now).build()), null, null))).isInstanceOf(Verdict.Denied.class);
    }

    @Test
    void shouldAllowTokenWhenScopesComeAsScopeStringOrScpList() {
        JwtVerifier scoped = verifier(config(null, List.of("billing.read")));

        assertThat(scoped.check(new Credentials(Tokens.rs256(claims(now).claim("scope", "openid billing.read").build()), null, null)))
                .isInstanceOf(Verdict.Allowed.class);
        assertThat(scoped.check(new Credentials(Tokens.rs256(claims(now).claim("scp", List.of("billing.read")).build()), null, null)))
                .isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldRejectTokenWithoutThrowingWhenTheJwkSetCannotBeLoaded(@TempDir Path dir) {
        JwtVerifier broken = new JwtVerifier(config(null, null), Jwks.of(dir.resolve("absent.json").toString(), clock), clock);

        Verdict verdict = broken.check(new Credentials(Tokens.rs256(claims(now).build()), null, null));

        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        assertThat(((Verdict.Rejected) verdict).reason()).startsWith("JWT keys unavailable");
    }
}
