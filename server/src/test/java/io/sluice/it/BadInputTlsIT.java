package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.certs.IssuedCertificate;
import io.sluice.certs.Role;
import io.sluice.client.AdminClient;
import io.sluice.client.ClientTls;
import io.sluice.client.NodeUnreachableException;
import io.sluice.config.ConfigLoader;
import io.sluice.demo.DemoUpstream;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessLog;
import io.sluice.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificates in the bad-input corpus (issue 7) that the node must not accept, on both sides of
 * the gateway. Towards upstreams: a certificate that names another host (wrong SAN), an expired one
 * and one from another CA each fail the gateway's handshake, and the client gets a 502 problem,
 * never the upstream's body. Towards the node: a client that dialled an address the node's
 * certificate does not name (wrong SAN) fails verification, with the JDK client and with the
 * operators' admin client; an expired client certificate is refused on a listener where client
 * certificates are optional. The node keeps serving throughout.
 *
 * <p>Covered elsewhere: on the {@code required} listener an expired client certificate, none at
 * all and one from another CA; on the {@code optional} listener a foreign certificate sent anyway
 * ({@code tls.MutualTlsIT}); an upstream that requires a client certificate the gateway lacks
 * ({@code tls.MutualTlsIT}: 502); the admin port's certificates ({@code BadInputAdminIT},
 * {@code tls.AdminAccessIT}).
 */
class BadInputTlsIT {

    @TempDir
    static Path dir;
    static TestPki pki;
    static Server app;
    static Server goodTls;
    static Server wrongSanTls;
    static Server expiredTls;
    static Server foreignTls;
    static GatewayNode node;
    static IssuedCertificate expiringUpstream;
    static IssuedCertificate expiringCaller;
    static Path expiredCaller;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.in(dir.resolve("pki"));
        // one second of validity, issued first: expired by the time the tests run
        expiringUpstream = pki.ca().issueNode("upstream-expired", List.of("localhost"), List.of("127.0.0.1"), Duration.ofSeconds(1));
        expiringCaller = pki.ca().issueClient("caller-expired", Duration.ofSeconds(1));
        expiredCaller = pki.write("caller-expired", expiringCaller);
        Path misnamed = pki.write("misnamed", pki.ca().issueNode("misnamed", List.of("elsewhere.invalid"), List.of("10.255.255.1"),
                Duration.ofDays(1)));

        app = DemoUpstream.start("app", "127.0.0.1", 0);
        goodTls = DemoUpstream.startTls("good-tls", pki.node("upstream").toString(), TestPki.PASSWORD);
        wrongSanTls = DemoUpstream.startTls("wrong-san", misnamed.toString(), TestPki.PASSWORD);
        expiredTls = DemoUpstream.startTls("expired", pki.write("upstream-expired", expiringUpstream).toString(), TestPki.PASSWORD);
        foreignTls = DemoUpstream.startTls("foreign", TestPki.in(dir.resolve("other-pki")).node("upstream").toString(), TestPki.PASSWORD);

        String yaml = """
                node: {id: node-1, drainTimeout: 1s, accessLog: false}
                listeners:
                  - {name: plain, host: 127.0.0.1, port: 0}
                  - {name: optional, host: 127.0.0.1, port: 0, tls: %s}
                  - {name: misnamed, host: 127.0.0.1, port: 0, tls: {keyStore: %s, keyStorePassword: %s}}
                admin: {host: 127.0.0.1, port: 0, tls: {keyStore: %s, keyStorePassword: %s, clientAuth: required, trustStore: %s, trustStorePassword: %s}}
                upstreams:
                  - {id: app, endpoints: [{url: "http://127.0.0.1:%d"}]}
                %s
                routes:
                  - {id: good, match: {pathPrefix: /good}, upstream: good}
                  - {id: wrong-san, match: {pathPrefix: /wrong-san}, upstream: wrong-san}
                  - {id: expired, match: {pathPrefix: /expired}, upstream: expired}
                  - {id: foreign, match: {pathPrefix: /foreign}, upstream: foreign}
                  - {id: app, match: {pathPrefix: /}, upstream: app}
                """.formatted(pki.tlsYaml("node-1", "optional"), misnamed, TestPki.PASSWORD,
                misnamed, TestPki.PASSWORD, pki.trustStore(), TestPki.PASSWORD, DemoUpstream.port(app),
                tlsUpstream("good", goodTls) + tlsUpstream("wrong-san", wrongSanTls) + tlsUpstream("expired", expiredTls)
                        + tlsUpstream("foreign", foreignTls));
        node = new GatewayNode(new ConfigLoader().parse(yaml), InstantSource.system(), AccessLog.OFF);
        node.start();
    }

    private static String tlsUpstream(String id, Server upstream) {
        return """
                  - id: %s
                    protocol: h2
                    endpoints: [{url: "https://localhost:%d"}]
                    trustStore: %s
                    trustStorePassword: %s
                    retries: {attempts: 1}
                """.formatted(id, DemoUpstream.port(upstream), pki.trustStore(), TestPki.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (node != null) {
                node.stop();
            }
        } finally {
            for (Server s : new Server[] {app, goodTls, wrongSanTls, expiredTls, foreignTls}) {
                if (s != null) {
                    s.stop();
                }
            }
        }
    }

    @AfterEach
    void theNodeStillServes() throws Exception {
        assertThat(get(null, "http://127.0.0.1:" + node.port("plain") + "/small").statusCode()).isEqualTo(200);
        assertThat(get(null, "https://127.0.0.1:" + node.port("optional") + "/small").statusCode()).isEqualTo(200);
    }

    static Stream<Arguments> upstreams() {
        return Stream.of(
                Arguments.of("a certificate naming another host (wrong SAN)", "/wrong-san/x"),
                Arguments.of("an expired certificate", "/expired/x"),
                Arguments.of("a certificate from another CA", "/foreign/x"));
    }

    @ParameterizedTest(name = "upstream with {0} -> 502")
    @MethodSource("upstreams")
    void shouldAnswer502AndNeverTheUpstreamsBodyWhenTheUpstreamCertificateFailsVerification(String name, String path)
            throws Exception {
        awaitExpiry(expiringUpstream);
        HttpResponse<String> r = get(null, "http://127.0.0.1:" + node.port("plain") + path);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).doesNotContain("wrong-san GET", "expired GET", "foreign GET");
    }

    @Test
    void shouldProxyToAnUpstreamWhoseCertificateVerifies() throws Exception {
        HttpResponse<String> r = get(null, "http://127.0.0.1:" + node.port("plain") + "/good/x");

        assertThat(r.statusCode()).as("the control case: the 502s above are the certificates' doing").isEqualTo(200);
        assertThat(r.body()).contains("good-tls GET /good/x");
    }

    @Test
    void shouldFailVerificationWhenTheNodeCertificateDoesNotNameTheAddressTheClientDialled() {
        int port = node.port("misnamed");
        for (String url : List.of("https://127.0.0.1:" + port + "/small", "https://localhost:" + port + "/small")) {
            assertThatThrownBy(() -> get(null, url)).as(url).isInstanceOf(IOException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        }
    }

    @Test
    void shouldMakeTheAdminClientRefuseANodeWhoseCertificateNamesAnotherHost() {
        Path operator = pki.operator("olga", Role.OPERATOR);
        var tls = ClientTls.pkcs12(operator, TestPki.PASSWORD.toCharArray()).trusting(pki.trustStore(), TestPki.PASSWORD.toCharArray());
        try (AdminClient admin = AdminClient.create("https://127.0.0.1:" + node.port("admin"), tls.sslContext())) {
            assertThatThrownBy(admin::node).isInstanceOf(NodeUnreachableException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void shouldRefuseAnExpiredClientCertificateOnAListenerWhereCertificatesAreOptional() throws Exception {
        awaitExpiry(expiringCaller);
        long before = node.handshakeFailures("optional");

        assertThatThrownBy(() -> get(expiredCaller, "https://127.0.0.1:" + node.port("optional") + "/small"))
                .isInstanceOf(IOException.class);
        assertThat(node.handshakeFailures("optional")).as("counted and logged").isGreaterThan(before);
    }

    private static void awaitExpiry(IssuedCertificate cert) throws InterruptedException {
        long wait = cert.certificate().getNotAfter().getTime() + 50 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static HttpResponse<String> get(Path keyStore, String url) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(pki.clientContext(keyStore)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
