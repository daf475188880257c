package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.sluice.config.ConfigYaml.*;

/** Valid configs load with the right values and defaults. */
class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    private ConfigException failure(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml));
    }

    // ---- a full valid config ----

    @Test
    void shouldReadNodeSectionWhenAllFieldsAreGiven() {
        NodeConfig node = loader.parse(FULL).node();

        assertThat(node).isEqualTo(new NodeConfig("edge-7", Duration.ofSeconds(30), false, 5000));
    }

    @Test
    void shouldReadTlsListenerWithTlsProtocolDefaultsWhenProtocolsAreOmitted() {
        ListenerConfig listener = loader.parse(FULL).listeners().get(0);

        assertThat(listener.name()).isEqualTo("public");
        assertThat(listener.host()).isEqualTo("127.0.0.1");
        assertThat(listener.port()).isEqualTo(8443);
        assertThat(listener.secure()).isTrue();
        assertThat(listener.protocols()).containsExactly("h2", "http/1.1");
        assertThat(listener.tls().keyStore()).isEqualTo("/etc/sluice/node.p12");
        assertThat(listener.tls().keyStorePassword()).isEqualTo("s3cret");
        assertThat(listener.tls().versions()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void shouldDefaultPlainListenerHostAndProtocolsWhenOmitted() {
        ListenerConfig listener = loader.parse(FULL).listeners().get(1);

        assertThat(listener).isEqualTo(new ListenerConfig("internal", "0.0.0.0", 8080, List.of("http/1.1", "h2c"), null));
        assertThat(listener.secure()).isFalse();
    }

    @Test
    void shouldNotPrintKeyStorePasswordWhenTlsConfigIsRendered() {
        TlsConfig tls = loader.parse(FULL).listeners().get(0).tls();

        assertThat(tls.toString()).isEqualTo("TlsConfig[keyStore=/etc/sluice/node.p12, versions=[TLSv1.3, TLSv1.2],"
                + " clientAuth=none, trustStore=null]").doesNotContain("Password");
    }

    @Test
    void shouldReadLimitsWhenGiven() {
        LimitsConfig limits = loader.parse(FULL).limits();

        assertThat(limits).isEqualTo(new LimitsConfig(32768, 1_048_576L, Duration.ofSeconds(90)));
    }

    @Test
    void shouldReadEndpointsWithDefaultWeightOfOneWhenWeightIsOmitted() {
        UpstreamConfig users = loader.parse(FULL).upstreams().get(0);

        assertThat(users.endpoints()).containsExactly(
                new EndpointConfig("http://10.0.0.5:8080", 3),
                new EndpointConfig("http://10.0.0.6:8080", 1));
    }

    @Test
    void shouldParseSecondsAndMillisecondsAndDefaultTheOtherTimeoutsWhenOnlySomeAreGiven() {
        TimeoutConfig timeouts = loader.parse(FULL).upstreams().get(0).timeouts();

        assertThat(timeouts.connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(timeouts.responseHeaders()).isEqualTo(Duration.ofMillis(500));
        assertThat(timeouts.idle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(timeouts.request()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldMergeGivenAndDefaultPoolAndRetryValuesWhenSectionsArePartial() {
        UpstreamConfig users = loader.parse(FULL).upstreams().get(0);

        assertThat(users.loadBalancer()).isEqualTo("weighted");
        assertThat(users.protocol()).isEqualTo("http/1.1");
        assertThat(users.pool()).isEqualTo(new PoolConfig(64, 4096, java.time.Duration.ofSeconds(4)));
        assertThat(users.retries()).isEqualTo(new RetryConfig(3, 10, 10));
    }

    @Test
    void shouldApplyAllUpstreamDefaultsWhenOnlyIdAndEndpointsAreGiven() {
        UpstreamConfig billing = loader.parse(FULL).upstreams().get(1);

        assertThat(billing.protocol()).isEqualTo("h2");
        assertThat(billing.loadBalancer()).isEqualTo("round-robin");
        assertThat(billing.pool()).isEqualTo(new PoolConfig(2048, 4096, java.time.Duration.ofSeconds(4)));
        assertThat(billing.timeouts()).isEqualTo(new TimeoutConfig(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofMinutes(5)));
        assertThat(billing.retries()).isEqualTo(new RetryConfig(2, 20, 10));
        assertThat(billing.trustStore()).isNull();
        assertThat(billing.trustStorePassword()).isEmpty();
    }

    @Test
    void shouldReadRouteMatchWithLowerCasedHostsWhenHostsAreMixedCase() {
        RouteConfig route = loader.parse(FULL).routes().get(0);

        assertThat(route.id()).isEqualTo("users-by-id");
        assertThat(route.priority()).isEqualTo(10);
        assertThat(route.upstream()).isEqualTo("users");
        assertThat(route.match()).isEqualTo(new MatchConfig(List.of("api.example.com", "*.example.com"), null, null,
                "/users/{id}", List.of("GET", "HEAD"), Map.of("X-Tenant", "acme")));
    }

    @Test
    void shouldReadRouteRewriteWhenPathHostAndHeaderRulesAreGiven() {
        RewriteConfig rewrite = loader.parse(FULL).routes().get(0).rewrite();

        assertThat(rewrite.stripPrefix()).isFalse();
        assertThat(rewrite.path()).isEqualTo("/v2/people/{id}");
        assertThat(rewrite.host()).isEqualTo("upstream");
        assertThat(rewrite.requestHeaders()).isEqualTo(new HeaderRules(Map.of("X-Env", "prod"), List.of("Cookie")));
        assertThat(rewrite.responseHeaders()).isEqualTo(new HeaderRules(Map.of(), List.of("Server")));
    }

    @Test
    void shouldDefaultPriorityHostRewriteAndHeaderRulesWhenRouteOmitsThem() {
        RouteConfig route = loader.parse(FULL).routes().get(1);

        assertThat(route.priority()).isZero();
        assertThat(route.match().hosts()).isEmpty();
        assertThat(route.match().methods()).isEmpty();
        assertThat(route.match().headers()).isEmpty();
        assertThat(route.rewrite()).isEqualTo(new RewriteConfig(true, null, "keep", HeaderRules.NONE, HeaderRules.NONE));
    }

    @Test
    void shouldDefaultNodeAndLimitsWhenSectionsAreOmitted() {
        GatewayConfig config = loader.parse(LISTENER);

        assertThat(config.node()).isEqualTo(new NodeConfig("sluice-1", Duration.ofSeconds(15), true, 20_000));
        assertThat(config.limits()).isEqualTo(new LimitsConfig(16 * 1024, 1L << 30, Duration.ofSeconds(60)));
        assertThat(config.upstreams()).isEmpty();
        assertThat(config.routes()).isEmpty();
    }

    @Test
    void shouldLoadSameConfigFromFileWhenPathIsGiven(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, FULL);

        assertThat(loader.load(file)).isEqualTo(loader.parse(FULL));
    }

}
