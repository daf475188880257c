package io.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.AuthConfig;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.RouteConfig;
import io.sluice.config.SharedConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code auth} block of a route: defaults, the round trip through the cluster's YAML, and every error naming its field. */
class AuthConfigTest {

    private static final String HASH = "a".repeat(64);
    private final ConfigLoader loader = new ConfigLoader();

    private static String route(String auth) {
        return """
                upstreams:
                  - {id: billing, endpoints: [{url: "http://127.0.0.1:9001"}]}
                rateLimits:
                  - {id: per-caller, rate: 10, key: identity}
                routes:
                  - id: billing
                    match: {pathPrefix: /billing}
                    upstream: billing
                    rateLimit: per-caller
                    auth:
                %s
                """.formatted(auth.stripIndent().lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n"));
    }

    private ConfigException failure(String auth) {
        return catchThrowableOfType(ConfigException.class, () -> loader.parseShared(route(auth)));
    }

    @Test
    void shouldReadAllMethodsWithTheirDefaults() {
        SharedConfig shared = loader.parseShared(route("""
                clientCert: {subjects: ["CN=reporting"]}
                jwt: {jwks: "https://idp.example/jwks.json", issuer: "https://idp.example", audiences: [billing]}
                apiKeys: {keys: [{id: ci-bot, sha256: %s}]}
                identityHeader: X-Sluice-Identity
                """.formatted(HASH.toUpperCase())));

        AuthConfig auth = shared.routes().getFirst().auth();
        assertThat(auth.clientCert().subjects()).containsExactly("CN=reporting");
        assertThat(auth.jwt().algorithms()).containsExactly("RS256", "ES256");
        assertThat(auth.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(auth.jwt().requiredScopes()).isEmpty();
        assertThat(auth.apiKeys().header()).isEqualTo("X-Api-Key");
        assertThat(auth.apiKeys().keys().getFirst().sha256()).as("normalised to lower case").isEqualTo(HASH);
        assertThat(shared.rateLimits().getFirst().key()).isEqualTo("identity");
    }

    @Test
    void shouldSurviveTheRoundTripThroughTheSharedYaml() {
        SharedConfig shared = loader.parseShared(route("""
                jwt: {jwks: /etc/sluice/jwks.json, issuer: idp, audiences: [a, b], algorithms: [ES256], clockSkew: 5s, requiredScopes: [x.read]}
                apiKeys: {header: X-Key, keys: [{id: k1, sha256: %s}]}
                """.formatted(HASH)));

        assertThat(loader.parseShared(loader.writeShared(shared))).isEqualTo(shared);
    }

    @Test
    void shouldKeepRoutesWithoutAuthOpen() {
        RouteConfig open = loader.parseShared("""
                upstreams: [{id: u, endpoints: [{url: "http://127.0.0.1:9001"}]}]
                routes: [{id: r, match: {pathPrefix: /}, upstream: u}]
                """).routes().getFirst();

        assertThat(open.auth()).isNull();
    }

    @Test
    void shouldNameTheRouteWhenNoMethodIsConfigured() {
        ConfigException e = failure("identityHeader: X-Who");

        assertThat(e.path()).isEqualTo("routes[0].auth");
        assertThat(e.reason()).isEqualTo("set at least one of clientCert, jwt or apiKeys");
    }

    @Test
    void shouldRejectAlgorithmsOtherThanRs256AndEs256() {
        for (String alg : List.of("HS256", "none", "PS256")) {
            ConfigException e = failure("jwt: {jwks: /k.json, issuer: i, audiences: [a], algorithms: [RS256, %s]}".formatted(alg));
            assertThat(e.getMessage()).isEqualTo("routes[0].auth.jwt.algorithms: '" + alg + "' is invalid: allowed values are RS256, ES256");
        }
    }

    @Test
    void shouldRequireIssuerAndAudienceForJwt() {
        assertThat(failure("jwt: {jwks: /k.json, audiences: [a]}").getMessage()).isEqualTo("routes[0].auth.jwt.issuer: is required");
        assertThat(failure("jwt: {jwks: /k.json, issuer: i}").path()).isEqualTo("routes[0].auth.jwt.audiences");
        assertThat(failure("jwt: {issuer: i, audiences: [a]}").path()).isEqualTo("routes[0].auth.jwt.jwks");
    }

    @Test
    void shouldRejectJwksUrlWithoutHostAndSkewBeyondFiveMinutes() {
        assertThat(failure("jwt: {jwks: 'https:///keys', issuer: i, audiences: [a]}").path()).isEqualTo("routes[0].auth.jwt.jwks");
        assertThat(failure("jwt: {jwks: /k.json, issuer: i, audiences: [a], clockSkew: 10m}").getMessage())
                .isEqualTo("routes[0].auth.jwt.clockSkew: '600s' is invalid: whole seconds from 0s to 5m");
    }

    @Test
    void shouldRejectAPlainKeyWhereItsHashBelongsWithoutEchoingIt() {
        ConfigException e = failure("apiKeys: {keys: [{id: ci, sha256: my-secret-key}]}");

        assertThat(e.path()).isEqualTo("routes[0].auth.apiKeys.keys[0].sha256");
        assertThat(e.getMessage()).doesNotContain("my-secret-key");
    }

    @Test
    void shouldRejectDuplicateKeyIdsAndEmptyKeyLists() {
        assertThat(failure("apiKeys: {keys: [{id: ci, sha256: %s}, {id: ci, sha256: %s}]}".formatted(HASH, "b".repeat(64))).getMessage())
                .isEqualTo("routes[0].auth.apiKeys.keys[1].id: 'ci' is invalid: must be unique; it is used twice");
        assertThat(failure("apiKeys: {keys: []}").path()).isEqualTo("routes[0].auth.apiKeys.keys");
    }

    @Test
    void shouldRejectSubjectsThatAreNotDistinguishedNames() {
        ConfigException e = failure("clientCert: {subjects: ['CN=ok', 'not a dn']}");

        assertThat(e.path()).isEqualTo("routes[0].auth.clientCert.subjects[1]");
    }

    @Test
    void shouldRejectIdentityHeaderThatTheGatewayOwns() {
        assertThat(failure("clientCert: {}\nidentityHeader: Authorization").path()).isEqualTo("routes[0].auth.identityHeader");
        assertThat(failure("clientCert: {}\nidentityHeader: 'X Who'").path()).isEqualTo("routes[0].auth.identityHeader");
        assertThat(failure("apiKeys: {keys: [{id: k, sha256: %s}]}\nidentityHeader: x-api-key".formatted(HASH)).reason())
                .contains("must differ from apiKeys.header");
    }

    @Test
    void shouldNameUnknownFieldsInsideAuth() {
        ConfigException e = failure("jwt: {jwks: /k.json, issuer: i, audience: [a]}");

        assertThat(e.path()).isEqualTo("routes[0].auth.jwt.audience");
        assertThat(e.reason()).startsWith("unknown field");
    }

    @Test
    void shouldListIdentityAmongRateLimitKeys() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parseShared("""
                rateLimits: [{id: p, rate: 1, key: caller}]
                """));

        assertThat(e.getMessage()).isEqualTo("rateLimits[0].key: 'caller' is invalid: client-ip, identity, global or header:<Header-Name>");
    }
}
