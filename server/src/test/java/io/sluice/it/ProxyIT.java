package io.sluice.it;

import io.sluice.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy end to end: real client → real gateway → real upstream, over HTTP/1.1, h2c and h2
 * (TLS with certificates minted for the test).
 */
class ProxyIT {

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        gateway = GatewayFixture.start(pki, """
                - id: strip
                  match:
                    pathPrefix: /api
                  upstream: demo
                  rewrite:
                    stripPrefix: true
                    requestHeaders:
                      set: {X-Added: yes}
                      remove: [X-Remove-Me]
                    responseHeaders:
                      set: {X-Route: strip}
                      remove: [X-Upstream]
                - id: users
                  match:
                    pathTemplate: /users/{id}/orders/{order}
                  upstream: demo
                  rewrite:
                    path: /echo/{order}/{id}
                - id: dead
                  match:
                    pathPrefix: /dead
                  upstream: dead
                - id: retried
                  match:
                    pathPrefix: /retried
                  upstream: half-dead
                  rewrite:
                    stripPrefix: true
                - id: h2c-upstream
                  match:
                    pathPrefix: /via-h2c
                  upstream: demo-h2c
                  rewrite:
                    stripPrefix: true
                - id: h2-upstream
                  match:
                    pathPrefix: /via-h2
                  upstream: demo-h2
                  rewrite:
                    stripPrefix: true
                - id: idle
                  match:
                    pathPrefix: /idle
                  upstream: demo-idle
                  rewrite:
                    stripPrefix: true
                - id: nowhere
                  priority: 10
                  match:
                    path: /nowhere
                    methods: [DELETE]
                  upstream: demo
                """, """
                - id: dead
                  endpoints:
                    - url: ${DEAD}
                - id: demo-idle
                  timeouts: {idle: 300ms, responseHeaders: 1s}
                  endpoints:
                    - url: ${UPSTREAM}
                - id: demo-h2
                  protocol: h2
                  trustStore: ${TRUST}
                  trustStorePassword: ${PASSWORD}
                  endpoints:
                    - url: ${TLS_UPSTREAM}
                - id: demo-h2c
                  protocol: h2c
                  endpoints:
                    - url: ${UPSTREAM}
                - id: half-dead
                  loadBalancer: round-robin
                  retries: {attempts: 3}
                  outlierDetection: {enabled: false}   # keep the dead endpoint in rotation: this tests retries
                  endpoints:
                    - url: ${DEAD}
                    - url: ${UPSTREAM}
                """, """
                limits:
                  maxRequestBodyBytes: 2000000
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static ContentResponse send(Protocol protocol, Request request) throws Exception {
        return request.timeout(15, TimeUnit.SECONDS).send();
    }

    private static <T> T withClient(Protocol protocol, ClientCall<T> call) throws Exception {
        HttpClient client = protocol.newClient(pki);
        try {
            return call.run(client, protocol.baseUri(gateway));
        } finally {
            client.stop();
        }
    }

    /** What a request ended with, whether or not either side failed, and the body text that arrived. */
    record Outcome(org.eclipse.jetty.client.Result result, String body) {
        org.eclipse.jetty.http.HttpFields trailers() {
            return result.getResponse().getTrailers();
        }
    }

    /** Sends and waits for the whole exchange; unlike send(), a failed request side still yields the response. */
    private static Outcome complete(Request request) throws Exception {
        var done = new java.util.concurrent.CompletableFuture<org.eclipse.jetty.client.Result>();
        var content = new StringBuilder();
        request.onResponseContent((resp, buf) -> content.append(StandardCharsets.UTF_8.decode(buf))).send(done::complete);
        return new Outcome(done.get(15, TimeUnit.SECONDS), content.toString());
    }

    interface ClientCall<T> {
        T run(HttpClient client, String base) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldProxySmallBodyWithRequestIdWhenRouteMatches(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/small")));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContent()).hasSize(100);
        assertThat(r.getHeaders().get("X-Upstream")).isEqualTo("up-1");
        assertThat(r.getHeaders().get("X-Request-Id")).hasSize(32);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAddForwardingHeadersAndKeepRequestIdWhenForwarding(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/echo?q=1")
                .headers(h -> h.put("X-Request-Id", "client-id-42").put("X-Forwarded-For", "10.1.1.1"))));
        String echo = r.getContentAsString();
        assertThat(echo).startsWith("GET /echo?q=1\n");
        assertThat(echo).contains("x-request-id: client-id-42\n");
        assertThat(echo).contains("x-forwarded-for: 10.1.1.1, 127.0.0.1\n");
        assertThat(echo).contains("x-forwarded-proto: " + (protocol == Protocol.H2 ? "https" : "http") + "\n");
        assertThat(echo).containsPattern("via: (1\\.1|2) sluice-test-node\n");
        assertThat(echo).containsPattern("forwarded: for=127\\.0\\.0\\.1;proto=https?;host=\"[^\"]+\"\n");
        assertThat(r.getHeaders().get("X-Request-Id")).isEqualTo("client-id-42");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldStripHopByHopHeadersWhenForwarding(Protocol protocol) throws Exception {
        if (protocol != Protocol.HTTP_1_1) {
            return; // connection-specific headers are illegal in HTTP/2 requests (RFC 9113 8.2.2)
        }
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/echo")
                .headers(h -> h.put("Connection", "keep-alive, X-Secret").put("X-Secret", "s").put("Keep-Alive", "timeout=5")
                        .put("Proxy-Authorization", "Basic Zm9v").put("X-Kept", "k"))));
        String echo = r.getContentAsString();
        assertThat(echo).doesNotContain("x-secret").doesNotContain("keep-alive: ").doesNotContain("proxy-authorization");
        assertThat(echo).contains("x-kept: k\n");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldStreamRequestBodyToUpstreamWhenPosting(Protocol protocol) throws Exception {
        byte[] body = new byte[1_000_000];
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/echo")
                .method(HttpMethod.POST).body(new BytesRequestContent("application/octet-stream", body))));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("body-bytes: 1000000\n").startsWith("POST /echo");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRelayChunkedResponseWhenUpstreamHasNoLength(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/bytes?n=300000")));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContent()).hasSize(300_000);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAnswerHeadWithHeadersOnlyWhenMethodIsHead(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/small").method(HttpMethod.HEAD)));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getHeaders().get(HttpHeader.CONTENT_LENGTH)).isEqualTo("100");
        assertThat(r.getContent()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRewritePathAndHeadersWhenRouteSaysSo(Protocol protocol) throws Exception {
        ContentResponse stripped = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/api/echo")
                .headers(h -> h.put("X-Remove-Me", "gone"))));
        assertThat(stripped.getContentAsString()).startsWith("GET /echo\n").contains("x-added: yes\n").doesNotContain("x-remove-me");
        assertThat(stripped.getHeaders().get("X-Route")).isEqualTo("strip");
        assertThat(stripped.getHeaders().get("X-Upstream")).isNull();

        ContentResponse templated = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/users/7/orders/99")));
        // /echo/{order}/{id} is not /echo, so the demo upstream answers with the path it saw
        assertThat(templated.getContentAsString()).isEqualTo("up-1 GET /echo/99/7");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAnswerProblemJson404WhenNoRouteMatches(Protocol protocol) throws Exception {
        // /nowhere exists only for DELETE at priority 10; GET falls through to the default route
        ContentResponse fallthrough = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/nowhere")));
        assertThat(fallthrough.getContentAsString()).isEqualTo("up-1 GET /nowhere");
        ContentResponse deleted = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/nowhere").method(HttpMethod.DELETE)));
        assertThat(deleted.getContentAsString()).isEqualTo("up-1 DELETE /nowhere");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAnswer502ProblemWhenUpstreamRefusesConnections(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/dead/x")));
        assertThat(r.getStatus()).isEqualTo(502);
        assertThat(r.getHeaders().get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/problem+json");
        String json = r.getContentAsString();
        assertThat(json).contains("\"status\":502").contains("upstream-unreachable")
                .contains("\"requestId\":\"" + r.getHeaders().get("X-Request-Id") + "\"");
        assertThat(json).doesNotContain("Exception").doesNotContain("at io.");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAnswer504WhenUpstreamIsSlowerThanResponseHeadersTimeout(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/delay?ms=3000")));
        assertThat(r.getStatus()).isEqualTo(504);
        assertThat(r.getContentAsString()).contains("upstream-timeout");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAbortClientStreamWhenUpstreamStallsMidBodyLongerThanIdleTimeout(Protocol protocol) throws Exception {
        String id = "stall-" + protocol;
        long start = System.nanoTime();
        org.eclipse.jetty.client.Result result = withClient(protocol, (c, base) ->
                complete(c.newRequest(base + "/idle/stall?ms=3000").headers(h -> h.put("X-Request-Id", id)))).result();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(result.getResponse().getStatus()).isEqualTo(200); // headers were already relayed
        assertThat(result.isFailed()).as("the truncated body must reach the client as a failure").isTrue();
        assertThat(millis).as("idle timeout 300 ms, not the 3 s stall").isLessThan(2500);
        assertThat(gateway.awaitRecord(id).failure()).isEqualTo("UPSTREAM_TIMEOUT");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRetryOnAnotherEndpointWhenConnectIsRefused(Protocol protocol) throws Exception {
        java.util.List<Integer> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "retried-" + protocol + "-" + i;
            ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/retried/small")
                    .headers(h -> h.put("X-Request-Id", id))));
            assertThat(r.getStatus()).isEqualTo(200);
            attempts.add(gateway.awaitRecord(id).attempts());
        }
        assertThat(attempts).contains(2); // round robin sends some first attempts to the dead endpoint
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRetryOnceAndRelayUpstreamAnswerWhenUpstreamKeepsAnswering503(Protocol protocol) throws Exception {
        String id = "retry503-" + protocol;
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/status?code=503")
                .headers(h -> h.put("X-Request-Id", id))));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getContentAsString()).isEqualTo("status 503"); // the upstream's own answer, not ours
        assertThat(gateway.awaitRecord(id).attempts()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldNotRetryWhenRequestHasABody(Protocol protocol) throws Exception {
        String id = "noretry-" + protocol;
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/status?code=503")
                .method(HttpMethod.PUT).body(new BytesRequestContent(new byte[10])).headers(h -> h.put("X-Request-Id", id))));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(gateway.awaitRecord(id).attempts()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAnswer413WhenDeclaredBodyIsOverLimit(Protocol protocol) throws Exception {
        // The gateway answers before reading the body, then resets the unread upload (HTTP/2: RST_STREAM);
        // the client may see the request side fail, so read the response from the result either way.
        Outcome outcome = withClient(protocol, (c, base) -> complete(c.newRequest(base + "/echo")
                .method(HttpMethod.POST).body(new BytesRequestContent(new byte[2_000_001]))));
        assertThat(outcome.body()).contains("body-too-large");
        assertThat(outcome.result().getResponse().getStatus()).isEqualTo(413);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldPassUpstreamStatusAndBodyUnchangedWhenUpstreamAnswersAnError(Protocol protocol) throws Exception {
        ContentResponse r = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/status?code=418")));
        assertThat(r.getStatus()).isEqualTo(418);
        assertThat(r.getContentAsString()).isEqualTo("status 418");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldWriteOneAccessLogLinePerRequestWhenServing(Protocol protocol) throws Exception {
        String id = "log-" + protocol;
        withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/small").headers(h -> h.put("X-Request-Id", id))));
        var rec = gateway.awaitRecord(id);
        assertThat(gateway.accessLog().stream().filter(r -> id.equals(r.requestId()))).hasSize(1);
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.route()).isEqualTo("default");
        assertThat(rec.bytesOut()).isEqualTo(100);
        assertThat(rec.toJson()).contains("\"id\":\"" + id + "\"").contains("\"upstream\":\"demo\"");
        assertThat(new String(rec.toJson().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).doesNotContain("\n");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRelayTrailersWhenUpstreamSendsThem(Protocol protocol) throws Exception {
        Outcome outcome = withClient(protocol, (c, base) ->
                complete(c.newRequest(base + "/trailers").headers(h -> h.put(HttpHeader.TE, "trailers"))));
        assertThat(outcome.body()).isEqualTo("body-before-trailers");
        assertThat(outcome.trailers()).isNotNull();
        assertThat(outcome.trailers().get("X-Checksum")).isEqualTo("abc123");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldProxyOverTlsWhenUpstreamSpeaksH2(Protocol protocol) throws Exception {
        ContentResponse small = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/via-h2/small")));
        assertThat(small.getStatus()).isEqualTo(200);
        assertThat(small.getHeaders().get("X-Upstream")).isEqualTo("up-tls");
        ContentResponse echo = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/via-h2/echo")
                .method(HttpMethod.POST).body(new BytesRequestContent(new byte[70_000]))));
        assertThat(echo.getContentAsString()).contains("body-bytes: 70000\n");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldProxyBodiesAndTrailersWhenUpstreamSpeaksH2c(Protocol protocol) throws Exception {
        ContentResponse small = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/via-h2c/small")));
        assertThat(small.getStatus()).isEqualTo(200);
        assertThat(small.getContent()).hasSize(100);
        ContentResponse echo = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/via-h2c/echo")
                .method(HttpMethod.POST).body(new BytesRequestContent(new byte[300_000]))));
        assertThat(echo.getContentAsString()).contains("body-bytes: 300000\n").contains("via: ");
        ContentResponse odd = withClient(protocol, (c, base) -> {
            java.net.URI b = java.net.URI.create(base);
            return send(protocol, c.newRequest(b.getHost(), b.getPort()).scheme(b.getScheme()).path("/via-h2c/echo?q=a|b{c}"));
        });
        assertThat(odd.getStatus()).as("query characters java.net.URI rejects still pass").isEqualTo(200);
        ContentResponse streamed = withClient(protocol, (c, base) -> send(protocol, c.newRequest(base + "/via-h2c/bytes?n=500000")));
        assertThat(streamed.getContent()).hasSize(500_000);
        Outcome viaH2c = withClient(protocol, (c, base) ->
                complete(c.newRequest(base + "/via-h2c/trailers").headers(h -> h.put(HttpHeader.TE, "trailers"))));
        assertThat(viaH2c.trailers()).isNotNull();
        assertThat(viaH2c.trailers().get("X-Checksum")).isEqualTo("abc123");
    }
}
