package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shared part of the config: how it is cut out of a node file, written out, and validated. */
class SharedConfigTest {

    static final String NODE_FILE = """
            # the node's own settings
            node: {id: n1}
            listeners:
              - {name: http, port: 0}
            upstreams:
              - id: stable
                endpoints: [{url: "http://127.0.0.1:9001"}]
                healthCheck: {path: /ready, interval: 2s}
              - id: canary
                endpoints: [{url: "http://127.0.0.1:9002"}]
                breaker: {scope: endpoint, minimumCalls: 5}
            rateLimits:
              - {id: per-key, rate: 100, per: 1s, key: "header:X-Api-Key", mode: shape, maxWait: 200ms}
            routes:
              - id: shop
                match: {pathPrefix: /shop}
                split: [{upstream: stable, weight: 95}, {upstream: canary, weight: 5}]
                pin: {header: X-Group}
                rateLimit: per-key
                maxInFlight: 100
                rewrite:
                  requestHeaders: {set: {X-Flag: yes}}   # stays the string "yes"
            limits: {maxInFlight: 5000}
            """;

    final ConfigLoader loader = new ConfigLoader();

    @Test
    void theSharedPartIsCutOutAsWrittenAndParsesToTheSameValue() {
        String shared = loader.extractShared(NODE_FILE);
        assertThat(shared).contains("upstreams:", "rateLimits:", "routes:", "X-Flag: yes")
                .doesNotContain("node:", "listeners:", "limits:");
        assertThat(loader.parseShared(shared)).isEqualTo(loader.parse(NODE_FILE).shared());
    }

    @Test
    void aWrittenOutSharedConfigParsesBackToAnEqualValue() {
        SharedConfig shared = loader.parse(NODE_FILE).shared();
        assertThat(loader.parseShared(loader.writeShared(shared))).isEqualTo(shared);
    }

    @Test
    void nodeFieldsAreUnknownInASharedDocument() {
        assertThatThrownBy(() -> loader.parseShared("node: {id: x}\n"))
                .hasMessage("node: unknown field; known fields here are rateLimits, routes, upstreams");
    }

    @Test
    void routesMustNameDefinedPoliciesAndSplitTargets() {
        String noPolicy = """
                upstreams: [{id: a, endpoints: [{url: "http://h:1"}]}]
                routes: [{id: r, match: {pathPrefix: /}, upstream: a, rateLimit: missing}]
                """;
        assertThatThrownBy(() -> loader.parseShared(noPolicy))
                .hasMessage("routes[0].rateLimit: 'missing' is invalid: no rateLimits are defined");
        String badSplit = """
                upstreams: [{id: a, endpoints: [{url: "http://h:1"}]}]
                routes: [{id: r, match: {pathPrefix: /}, split: [{upstream: a, weight: 1}, {upstream: b, weight: 1}]}]
                """;
        assertThatThrownBy(() -> loader.parseShared(badSplit))
                .hasMessageStartingWith("routes[0].split[1].upstream: 'b' is invalid: must name a defined upstream");
    }

    @Test
    void aRouteHasAnUpstreamOrASplitAndPinsOnlyASplit() {
        String both = """
                upstreams: [{id: a, endpoints: [{url: "http://h:1"}]}]
                routes: [{id: r, match: {pathPrefix: /}, upstream: a, split: [{upstream: a}]}]
                """;
        assertThatThrownBy(() -> loader.parseShared(both)).hasMessage("routes[0].split: set upstream or split, not both");
        String pinNoSplit = """
                upstreams: [{id: a, endpoints: [{url: "http://h:1"}]}]
                routes: [{id: r, match: {pathPrefix: /}, upstream: a, pin: {header: X-G}}]
                """;
        assertThatThrownBy(() -> loader.parseShared(pinNoSplit))
                .hasMessage("routes[0].pin: only a route with a split can pin requests to a group");
        String zero = """
                upstreams: [{id: a, endpoints: [{url: "http://h:1"}]}]
                routes: [{id: r, match: {pathPrefix: /}, split: [{upstream: a, weight: 0}]}]
                """;
        assertThatThrownBy(() -> loader.parseShared(zero)).hasMessage("routes[0].split: at least one weight must be above 0");
    }

    @Test
    void theMemberPortNeverBindsToAllInterfacesAndNeedsAnIdentity() {
        assertThatThrownBy(() -> loader.parse("""
                listeners: [{name: http, port: 0}]
                cluster: {host: 0.0.0.0, dataDir: /tmp/x}
                """)).hasMessageStartingWith("cluster.host: '0.0.0.0' is invalid: one interface address");
        assertThatThrownBy(() -> loader.parse("""
                listeners: [{name: http, port: 0}]
                cluster: {host: 127.0.0.1, dataDir: /tmp/x}
                """)).hasMessageStartingWith("cluster.identity: is required");
    }

    @Test
    void theAdminPortIsServedOnlyOverMutualTls() {
        assertThatThrownBy(() -> loader.parse("""
                listeners: [{name: http, port: 0}]
                admin: {host: 10.0.0.5}
                """)).hasMessageStartingWith("admin.tls: is required");
        assertThatThrownBy(() -> loader.parse("""
                listeners: [{name: http, port: 0}]
                admin: {host: 10.0.0.5, tls: {keyStore: node.p12}}
                """)).hasMessageStartingWith("admin.tls: trustStore is required");
        var admin = loader.parse("""
                listeners: [{name: http, port: 0}]
                admin: {host: 10.0.0.5, tls: {keyStore: node.p12, trustStore: ca.p12, clientAuth: none}}
                """).admin();
        assertThat(admin.tls().clientAuth()).as("the admin port always requires a client certificate").isEqualTo("required");
    }

    @Test
    void aListenerThatAsksForClientCertificatesNeedsATrustStore() {
        assertThatThrownBy(() -> loader.parse("""
                listeners: [{name: https, port: 0, tls: {keyStore: node.p12, clientAuth: optional}}]
                """)).hasMessageStartingWith("listeners[0].tls.trustStore: is required when clientAuth is optional");
        assertThatThrownBy(() -> loader.parse("""
                listeners: [{name: https, port: 0, tls: {keyStore: node.p12, clientAuth: sometimes}}]
                """)).hasMessageContaining("clientAuth");
    }
}
