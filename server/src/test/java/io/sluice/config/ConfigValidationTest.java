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

/** Invalid configs: each error names the field path, the bad value and what is allowed. */
class ConfigValidationTest {

    private final ConfigLoader loader = new ConfigLoader();

    private ConfigException failure(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml));
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
                "routes[0].priorty: unknown field; known fields here are auth, id, match, maxInFlight, pin, priority, rateLimit, rewrite, split, upstream");
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
                "routes[0].mach: unknown field; known fields here are auth, id, match, maxInFlight, pin, priority, rateLimit, rewrite, split, upstream");
    }

    @Test
    void shouldNameTopLevelUnknownFieldWhenSectionNameIsMisspelt() {
        ConfigException e = failure(LISTENER + "upstream: []\n");

        assertThat(e.path()).isEqualTo("upstream");
        assertThat(e.getMessage()).isEqualTo(
                "upstream: unknown field; known fields here are admin, cluster, limits, listeners, node, rateLimits, routes, upstreams");
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
