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

class ConfigLoaderTest {

    private static final String FULL = """
            node:
              id: edge-7
              drainTimeout: 30s
              accessLog: false
              maxConcurrentRequests: 5000
            listeners:
              - name: public
                host: 127.0.0.1
                port: 8443
                tls:
                  keyStore: /etc/sluice/node.p12
                  keyStorePassword: s3cret
                  versions: [TLSv1.3, TLSv1.2]
              - name: internal
                port: 8080
            limits:
              maxRequestHeaderBytes: 32768
              maxRequestBodyBytes: 1048576
              clientIdleTimeout: 90s
            upstreams:
              - id: users
                loadBalancer: weighted
                endpoints:
                  - url: http://10.0.0.5:8080
                    weight: 3
                  - url: http://10.0.0.6:8080
                timeouts:
                  connect: 2s
                  responseHeaders: 500ms
                pool:
                  maxConnectionsPerEndpoint: 64
                retries:
                  attempts: 3
                  budgetPercent: 10
              - id: billing
                protocol: h2
                endpoints:
                  - url: https://billing.internal:9443
            routes:
              - id: users-by-id
                priority: 10
                match:
                  hosts: [API.example.com, '*.example.com']
                  pathTemplate: /users/{id}
                  methods: [GET, HEAD]
                  headers:
                    X-Tenant: acme
                upstream: users
                rewrite:
                  path: /v2/people/{id}
                  host: upstream
                  requestHeaders:
                    set: {X-Env: prod}
                    remove: [Cookie]
                  responseHeaders:
                    remove: [Server]
              - id: billing-api
                match:
                  pathPrefix: /billing
                upstream: billing
                rewrite:
                  stripPrefix: true
            """;

    private static final String LISTENER = """
            listeners:
              - name: main
                port: 8080
            """;

    private static final String ONE_UPSTREAM = """
            upstreams:
              - id: users
                endpoints:
                  - url: http://10.0.0.5:8080
            """;

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

        assertThat(tls.toString()).isEqualTo("TlsConfig[keyStore=/etc/sluice/node.p12, versions=[TLSv1.3, TLSv1.2]]");
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
        assertThat(users.pool()).isEqualTo(new PoolConfig(64, 4096));
        assertThat(users.retries()).isEqualTo(new RetryConfig(3, 10, 10));
    }

    @Test
    void shouldApplyAllUpstreamDefaultsWhenOnlyIdAndEndpointsAreGiven() {
        UpstreamConfig billing = loader.parse(FULL).upstreams().get(1);

        assertThat(billing.protocol()).isEqualTo("h2");
        assertThat(billing.loadBalancer()).isEqualTo("round-robin");
        assertThat(billing.pool()).isEqualTo(new PoolConfig(2048, 4096));
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

    // ---- invalid configs ----

    @Test
    void shouldNameMissingFileWhenConfigFileCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("absent.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(missing));

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).startsWith("cannot read config file " + missing + ": ");
    }

    @Test
    void shouldNameSecondEndpointUrlWhenItsSchemeIsNotHttp() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: http://10.0.0.5:8080
                      - url: ftp://10.0.0.6
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints[1].url");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].endpoints[1].url: 'ftp://10.0.0.6' is invalid: "
                + "http:// or https:// with a host and optional port, no path");
    }

    @Test
    void shouldRejectEndpointUrlWhenItHasAPath() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: http://10.0.0.5:8080/api
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints[0].url");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].endpoints[0].url: 'http://10.0.0.5:8080/api' is invalid: "
                + "http:// or https:// with a host and optional port, no path");
    }

    @Test
    void shouldAskForAnAbsoluteUrlWhenEndpointUrlIsNotAUri() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: 'http://10.0.0.5 :8080'
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints[0].url");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].endpoints[0].url: 'http://10.0.0.5 :8080' is invalid: "
                + "an absolute URL such as http://10.0.0.5:8080");
    }

    @Test
    void shouldNameRouteUpstreamAndKnownUpstreamsWhenRouteTargetsUnknownUpstream() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: orders
                    match: {pathPrefix: /orders}
                    upstream: orders
                """);

        assertThat(e.path()).isEqualTo("routes[0].upstream");
        assertThat(e.getMessage()).isEqualTo("routes[0].upstream: 'orders' is invalid: must name a defined upstream (users)");
    }

    @Test
    void shouldNameUnknownFieldAndListKnownFieldsWhenOptionalFieldIsMisspelt() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    priorty: 5
                    match: {pathPrefix: /api}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].priorty");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].priorty: unknown field; known fields here are id, match, priority, rewrite, upstream");
    }

    @Test
    void shouldNameNestedUnknownFieldWhenMatchFieldIsMisspelt() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: /api, method: [GET]}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].match.method");
        assertThat(e.getMessage()).isEqualTo("routes[0].match.method: unknown field; known fields here are "
                + "headers, hosts, methods, path, pathPrefix, pathTemplate");
    }

    @Test
    void shouldNameUnknownFieldWhenRequiredFieldIsMisspelt() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    mach: {pathPrefix: /api}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].mach");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].mach: unknown field; known fields here are id, match, priority, rewrite, upstream");
    }

    @Test
    void shouldNameTopLevelUnknownFieldWhenSectionNameIsMisspelt() {
        ConfigException e = failure(LISTENER + "upstream: []\n");

        assertThat(e.path()).isEqualTo("upstream");
        assertThat(e.getMessage()).isEqualTo(
                "upstream: unknown field; known fields here are limits, listeners, node, routes, upstreams");
    }

    @Test
    void shouldNameDurationFieldAndSyntaxWhenDurationIsNotParseable() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: http://10.0.0.5:8080
                    timeouts:
                      connect: 2 parsecs
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].timeouts.connect");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].timeouts.connect: '2 parsecs' is not a duration: "
                + "write a whole number with ms, s, m or h (e.g. 500ms, 2s)");
    }

    @Test
    void shouldRejectZeroDurationWhenTimeoutMustBePositive() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: http://10.0.0.5:8080
                    timeouts: {connect: 0ms}
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].timeouts.connect");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].timeouts.connect: '0s' is invalid: "
                + "must be a positive duration such as 500ms, 2s or 1m");
    }

    @Test
    void shouldRejectResponseHeadersTimeoutWhenItExceedsRequestTimeout() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: http://10.0.0.5:8080
                    timeouts: {responseHeaders: 90s, request: 1m}
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].timeouts.responseHeaders");
        assertThat(e.getMessage()).isEqualTo(
                "upstreams[0].timeouts.responseHeaders: '90s' is invalid: must not exceed request (60s)");
    }

    @Test
    void shouldNamePortAndRangeWhenPortIsAbove65535() {
        ConfigException e = failure("""
                listeners:
                  - name: main
                    port: 70000
                """);

        assertThat(e.path()).isEqualTo("listeners[0].port");
        assertThat(e.getMessage()).isEqualTo("listeners[0].port: '70000' is invalid: must be between 0 and 65535");
    }

    @Test
    void shouldExpectWholeNumberWhenPortIsText() {
        ConfigException e = failure("""
                listeners:
                  - name: main
                    port: http
                """);

        assertThat(e.path()).isEqualTo("listeners[0].port");
        assertThat(e.getMessage()).isEqualTo("listeners[0].port: 'http' is invalid: expected a whole number");
    }

    @Test
    void shouldRejectListenerWhenPortIsMissing() {
        ConfigException e = failure("""
                listeners:
                  - name: main
                """);

        assertThat(e.path()).isEqualTo("listeners[0].port");
    }

    @Test
    void shouldSayPortIsRequiredWhenPortIsMissing() {
        ConfigException e = failure("""
                listeners:
                  - name: main
                """);

        assertThat(e.getMessage()).isEqualTo("listeners[0].port: is required");
    }

    @Test
    void shouldNameSecondRouteIdWhenRouteIdIsUsedTwice() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: /api}
                    upstream: users
                  - id: api
                    match: {pathPrefix: /v2}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[1].id");
        assertThat(e.getMessage()).isEqualTo("routes[1].id: 'api' is invalid: must be unique; it is used twice");
    }

    @Test
    void shouldNameUpstreamIdWhenUpstreamIdIsUsedTwice() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints: [{url: 'http://10.0.0.5:8080'}]
                  - id: users
                    endpoints: [{url: 'http://10.0.0.6:8080'}]
                """);

        assertThat(e.path()).isEqualTo("upstreams[1].id");
        assertThat(e.getMessage()).isEqualTo("upstreams[1].id: 'users' is invalid: must be unique; it is used twice");
    }

    @Test
    void shouldAskForExactlyOnePathKindWhenMatchHasPathAndPathPrefix() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {path: /api, pathPrefix: /api}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].match.path");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].match.path: set exactly one of path (exact), pathPrefix or pathTemplate, found 2");
    }

    @Test
    void shouldAskForExactlyOnePathKindWhenMatchHasNoPath() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {methods: [GET]}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].match.path");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].match.path: set exactly one of path (exact), pathPrefix or pathTemplate, found 0");
    }

    @Test
    void shouldRejectPathPrefixWhenItDoesNotStartWithSlash() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: api}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].match.pathPrefix");
        assertThat(e.getMessage()).isEqualTo("routes[0].match.pathPrefix: 'api' is invalid: must start with '/'");
    }

    @Test
    void shouldRejectMethodWhenItIsLowerCase() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: /api, methods: [get]}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].match.methods");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].match.methods: 'get' is invalid: an upper-case HTTP method such as GET");
    }

    @Test
    void shouldRejectHostWhenWildcardIsNotALeadingLabel() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: /api, hosts: ['api.*.com']}
                    upstream: users
                """);

        assertThat(e.path()).isEqualTo("routes[0].match.hosts");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].match.hosts: 'api.*.com' is invalid: a host name, optionally starting with '*.'");
    }

    @Test
    void shouldRequireHttpsEndpointWhenUpstreamProtocolIsH2() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: billing
                    protocol: h2
                    endpoints:
                      - url: https://10.0.0.7:9443
                      - url: http://10.0.0.8:9080
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints[1].url");
        assertThat(e.getMessage()).isEqualTo(
                "upstreams[0].endpoints[1].url: 'http://10.0.0.8:9080' is invalid: protocol h2 needs https://");
    }

    @Test
    void shouldRequireHttpEndpointWhenUpstreamProtocolIsH2c() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: grpc
                    protocol: h2c
                    endpoints:
                      - url: https://10.0.0.7:9443
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints[0].url");
        assertThat(e.getMessage()).isEqualTo(
                "upstreams[0].endpoints[0].url: 'https://10.0.0.7:9443' is invalid: protocol h2c needs http://");
    }

    @Test
    void shouldListAllowedBalancersWhenLoadBalancerIsUnknown() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    loadBalancer: random
                    endpoints: [{url: 'http://10.0.0.5:8080'}]
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].loadBalancer");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].loadBalancer: 'random' is invalid: "
                + "allowed values are round-robin, weighted, least-request");
    }

    @Test
    void shouldRejectUpstreamWhenItHasNoEndpoints() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].endpoints: needs at least one endpoint");
    }

    @Test
    void shouldRejectWeightWhenItIsZero() {
        ConfigException e = failure(LISTENER + """
                upstreams:
                  - id: users
                    endpoints:
                      - url: http://10.0.0.5:8080
                        weight: 0
                """);

        assertThat(e.path()).isEqualTo("upstreams[0].endpoints[0].weight");
        assertThat(e.getMessage()).isEqualTo(
                "upstreams[0].endpoints[0].weight: '0' is invalid: must be between 1 and 1000");
    }

    @Test
    void shouldListAllowedProtocolsWhenTlsListenerAsksForH2c() {
        ConfigException e = failure("""
                listeners:
                  - name: public
                    port: 8443
                    protocols: [h2c]
                    tls: {keyStore: /etc/sluice/node.p12}
                """);

        assertThat(e.path()).isEqualTo("listeners[0].protocols");
        assertThat(e.getMessage()).isEqualTo("listeners[0].protocols: 'h2c' is invalid: a TLS listener allows h2, http/1.1");
    }

    @Test
    void shouldRejectConfigWhenThereIsNoListener() {
        ConfigException e = failure("node: {id: edge-1}\n");

        assertThat(e.path()).isEqualTo("listeners");
        assertThat(e.getMessage()).isEqualTo("listeners: needs at least one listener");
    }

    @Test
    void shouldExpectAListWhenListenersIsAScalar() {
        ConfigException e = failure("listeners: main\n");

        assertThat(e.path()).isEqualTo("listeners");
        assertThat(e.getMessage()).isEqualTo("listeners: expected a list");
    }

    @Test
    void shouldRejectStripPrefixWhenRouteIsNotMatchedByPathPrefix() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {path: /api}
                    upstream: users
                    rewrite: {stripPrefix: true}
                """);

        assertThat(e.path()).isEqualTo("routes[0].rewrite.stripPrefix");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].rewrite.stripPrefix: 'true' is invalid: only routes matched by pathPrefix can strip it");
    }

    @Test
    void shouldRejectRewriteWhenBothStripPrefixAndPathAreSet() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: /api}
                    upstream: users
                    rewrite: {stripPrefix: true, path: /v2}
                """);

        assertThat(e.path()).isEqualTo("routes[0].rewrite.stripPrefix");
        assertThat(e.getMessage()).isEqualTo(
                "routes[0].rewrite.stripPrefix: 'true' is invalid: use either stripPrefix or path, not both");
    }

    @Test
    void shouldRejectHeaderRuleWhenHeaderNameHasASpace() {
        ConfigException e = failure(LISTENER + ONE_UPSTREAM + """
                routes:
                  - id: api
                    match: {pathPrefix: /api}
                    upstream: users
                    rewrite:
                      requestHeaders:
                        remove: ['X Debug']
                """);

        assertThat(e.path()).isEqualTo("routes[0].rewrite.requestHeaders.remove");
        assertThat(e.getMessage()).isEqualTo("routes[0].rewrite.requestHeaders.remove: 'X Debug' is invalid: "
                + "a header name (RFC 9110 token characters)");
    }

    @Test
    void shouldReportLineAndColumnWhenTopLevelKeyIsMisindented() {
        ConfigException e = failure("""
                listeners:
                  - name: main
                    port: 8080
                 upstreams: []
                """);

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).startsWith("not valid YAML at line 4, column 2: while parsing a block mapping");
    }

    @Test
    void shouldReportLineOfTabWhenTabIsUsedForIndentation() {
        ConfigException e = failure("listeners:\n\t- name: main\n");

        assertThat(e.getMessage()).startsWith("not valid YAML at line 2, column 1: ");
    }

    @Test
    void shouldReportLineWhenNestedYamlIsMalformed() {
        ConfigException e = failure("""
                listeners:
                  - name: main
                    port: 8080
                  bad
                """);

        assertThat(e.getMessage()).contains("line 4, column 3");
    }

    @Test
    void shouldRejectConfigWhenDocumentIsExplicitlyNull() {
        ConfigException e = failure("---\n");

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("the config is empty");
    }

    @Test
    void shouldRejectConfigWhenFileIsEmpty() {
        ConfigException e = failure("");

        assertThat(e).isNotNull();
        assertThat(e.path()).isEmpty();
    }

    @Test
    void shouldSayConfigIsEmptyWhenFileIsEmpty() {
        ConfigException e = failure("");

        assertThat(e.getMessage()).isEqualTo("the config is empty");
    }

    @Test
    void shouldExpectAMappingWhenDocumentIsAScalar() {
        ConfigException e = failure("hello\n");

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("expected a mapping of fields");
    }

    @Test
    void shouldThrowConfigExceptionTypeWhenAnyFieldIsInvalid() {
        assertThatThrownBy(() -> loader.parse("listeners: [{name: main, port: -5}]\n"))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("listeners[0].port: '-5' is invalid: must be between 0 and 65535");
    }
}
