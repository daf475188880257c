package io.sluice.auth;

import static io.sluice.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.certs.CertificateAuthority;
import io.sluice.config.ApiKeyConfig;
import io.sluice.config.ApiKeysConfig;
import io.sluice.config.AuthConfig;
import io.sluice.config.ClientCertConfig;
import io.sluice.config.HeaderRules;
import io.sluice.config.JwtConfig;
import io.sluice.config.RewriteConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.testing.MutableClock;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route's methods combined as "any of", and what the client and the upstream get to see. */
class AuthenticatorTest {

    private static final X509Certificate INTRUDER = CertificateAuthority.create("auth test CA", Duration.ofDays(1))
            .issueClient("intruder", Duration.ofDays(1)).certificate();

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private String jwks;

    @BeforeEach
    void keys() throws Exception {
        jwks = Tokens.writeSet(dir.resolve("jwks.json"), Tokens.publicSet(Tokens.RSA)).toString();
    }

    private Authenticator authenticator(ClientCertConfig cert, List<String> scopes, boolean apiKeys, String identityHeader) {
        JwtConfig jwt = scopes == null ? null : new JwtConfig(jwks, Tokens.ISSUER, List.of(Tokens.AUDIENCE), null, null, scopes);
        ApiKeysConfig keys = apiKeys ? new ApiKeysConfig(null, List.of(new ApiKeyConfig("ci-bot", ApiKeys.sha256Hex("k1")))) : null;
        return new Authenticator("billing", new AuthConfig(cert, jwt, keys, identityHeader), clock, l -> Jwks.of(l, clock));
    }

    private String token() {
        return Tokens.rs256(claims(clock.instant()).claim("scope", "billing.read").build());
    }

    private static GatewayException refused(Authenticator auth, Credentials credentials) {
        return catchThrowableOfType(GatewayException.class, () -> auth.authenticate(credentials, "req-1"));
    }

    @Test
    void shouldAnswer401WithBearerChallengeWhenNoCredentialIsSent() {
        GatewayException e = refused(authenticator(null, List.of(), false, null), Credentials.NONE);

        assertThat(e.failure()).isEqualTo(Failure.UNAUTHENTICATED);
        assertThat(e.getMessage()).isEqualTo("authentication required");
        assertThat(e.headers()).containsExactly(new HttpField("WWW-Authenticate", "Bearer realm=\"sluice\""));
    }

    @Test
    void shouldAnswerTheSame401WhateverMadeTheTokenInvalid() {
        Authenticator auth = authenticator(null, List.of(), false, null);
        String expired = Tokens.rs256(claims(clock.instant().minus(Duration.ofHours(1))).build());
        String wrongAudience = Tokens.rs256(claims(clock.instant()).audience("payroll").build());

        for (String token : List.of(expired, wrongAudience, "garbage")) {
            GatewayException e = refused(auth, new Credentials(token, null, null));
            assertThat(e.failure()).isEqualTo(Failure.UNAUTHENTICATED);
            assertThat(e.getMessage()).isEqualTo("authentication required");
        }
    }

    @Test
    void shouldAnswer403WithoutDetailsWhenAValidTokenLacksAScope() {
        Authenticator auth = authenticator(null, List.of("billing.write"), false, null);

        GatewayException e = refused(auth, new Credentials(token(), null, null));

        assertThat(e.failure()).isEqualTo(Failure.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("access denied");
        assertThat(e.headers()).isEmpty();
    }

    @Test
    void shouldLetThroughWhenAnyOneMethodSucceeds() {
        Authenticator auth = authenticator(new ClientCertConfig(List.of("CN=reporting")), List.of(), true, null);

        assertThat(auth.authenticate(new Credentials("garbage", "k1", null), "r")).hasToString("apikey:ci-bot");
        assertThat(auth.authenticate(new Credentials(token(), "wrong-key", INTRUDER), "r")).hasToString("jwt:alice");
    }

    @Test
    void shouldAnswer403WhenACertificateIsNotAllowedAndNothingElseSucceeds() {
        Authenticator auth = authenticator(new ClientCertConfig(List.of("CN=reporting")), List.of(), true, null);

        assertThat(refused(auth, new Credentials("garbage", "wrong-key", INTRUDER)).failure()).isEqualTo(Failure.FORBIDDEN);
        assertThat(refused(auth, new Credentials("garbage", "wrong-key", null)).headers())
                .containsExactly(new HttpField("WWW-Authenticate", "Bearer realm=\"sluice\", ApiKey realm=\"sluice\""));
    }

    @Test
    void shouldAnswer401WithoutChallengeWhenOnlyCertificatesAreAccepted() {
        GatewayException e = refused(authenticator(new ClientCertConfig(null), null, false, null), Credentials.NONE);

        assertThat(e.failure()).isEqualTo(Failure.UNAUTHENTICATED);
        assertThat(e.headers()).isEmpty();
    }

    @Test
    void shouldDropTheApiKeyAndReplaceASpoofedIdentityOnTheWayUpstream() {
        Authenticator auth = authenticator(null, null, true, "X-Sluice-Identity");
        HttpFields.Mutable headers = HttpFields.build()
                .add("X-Api-Key", "k1").add("x-sluice-identity", "apikey:admin").add("Accept", "*/*");

        auth.toUpstream(headers, new Identity("apikey", "ci-bot"));

        assertThat(headers.get("X-Api-Key")).isNull();
        assertThat(headers.getValuesList("X-Sluice-Identity")).containsExactly("apikey:ci-bot");
        assertThat(headers.get("Accept")).isEqualTo("*/*");
    }

    @Test
    void shouldExpressTheUpstreamHeadersAsRouteRulesForWebSockets() {
        Authenticator auth = authenticator(null, null, true, "X-Sluice-Identity");
        RewriteConfig route = new RewriteConfig(null, null, null,
                new HeaderRules(Map.of("X-Team", "billing", "x-sluice-identity", "spoof"), List.of("Cookie")), null);

        RewriteConfig merged = auth.toUpstream(route, new Identity("jwt", "alice"));

        assertThat(merged.requestHeaders().remove()).containsExactlyInAnyOrder("Cookie", "X-Api-Key", "X-Sluice-Identity");
        assertThat(merged.requestHeaders().set()).isEqualTo(Map.of("X-Team", "billing", "X-Sluice-Identity", "jwt:alice"));
    }

    @Test
    void shouldPercentEncodeIdentityHeaderValuesOutsidePrintableAscii() {
        assertThat(new Identity("jwt", "eve\r\nX-Admin: yes").headerValue()).isEqualTo("jwt:eve%0D%0AX-Admin: yes");
        assertThat(new Identity("cert", "CN=Zoë,O=100%").headerValue()).isEqualTo("cert:CN=Zo%C3%AB,O=100%25");
    }
}
