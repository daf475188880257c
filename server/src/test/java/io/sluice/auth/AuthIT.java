package io.sluice.auth;

import static io.sluice.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigLoader;
import io.sluice.demo.DemoUpstream;
import io.sluice.node.GatewayNode;
import io.sluice.it.GatewayFixture;
import io.sluice.observe.AccessRecord;
import io.sluice.testing.MutableClock;
import io.sluice.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway node (plain and mTLS-optional listeners) in front of a real upstream that echoes
 * the headers it received, with routes guarded by JWT, API keys and client certificates.
 */
class AuthIT {

    private static final String CI_KEY = ApiKeys.newKey();
    private static final String NIGHTLY_KEY = ApiKeys.newKey();

    @TempDir
    static Path dir;
    private static final MutableClock clock = new MutableClock(Instant.now());
    private static final AtomicInteger upstreamRequests = new AtomicInteger();
    private static Server upstream;
    private static GatewayNode node;
    private static final List<AccessRecord> accessLog = new CopyOnWriteArrayList<>();
    private static TestPki pki;
    private static HttpClient plain;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.in(dir.resolve("pki"));
        upstream = new Server();
        ServerConnector connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        upstream.addConnector(connector);
        WebSocketComponents components = new WebSocketComponents();
        upstream.addBean(components);
        Handshaker handshaker = Handshaker.newInstance();
        upstream.setHandler(new Handler.Wrapper(new DemoUpstream("up")) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                upstreamRequests.incrementAndGet();
                String headers = echoHeaders(request);
                if (handshaker.upgradeRequest((req, res, cb) -> new HeadersSocket(headers), request, response, callback,
                        components, null)) {
                    return true;
                }
                return super.handle(request, response, callback);
            }
        });
        upstream.start();
        Path jwks = Tokens.writeSet(dir.resolve("jwks.json"), Tokens.publicSet(Tokens.RSA, Tokens.EC));
        String keys = "{keys: [{id: ci-bot, sha256: %s}, {id: nightly, sha256: %s}]}"
                .formatted(ApiKeys.sha256Hex(CI_KEY), ApiKeys.sha256Hex(NIGHTLY_KEY));
        String yaml = """
                node: {id: auth-node, drainTimeout: 2s}
                listeners:
                  - {name: plain, host: 127.0.0.1, port: 0, protocols: [http/1.1]}
                  - {name: tls, host: 127.0.0.1, port: 0, protocols: [http/1.1], tls: %s}
                upstreams:
                  - {id: demo, endpoints: [{url: "http://127.0.0.1:%d"}]}
                rateLimits:
                  - {id: per-caller, rate: 1, per: 1m, key: identity, scope: local}
                routes:
                  - id: billing
                    match: {pathPrefix: /billing}
                    upstream: demo
                    rewrite: {stripPrefix: true}
                    auth:
                      jwt: {jwks: %s, issuer: "%s", audiences: [billing], requiredScopes: [billing.read]}
                      identityHeader: X-Sluice-Identity
                  - id: ci
                    match: {pathPrefix: /ci}
                    upstream: demo
                    rewrite: {stripPrefix: true}
                    auth: {apiKeys: %s, identityHeader: X-Sluice-Identity}
                  - id: limited
                    match: {pathPrefix: /limited}
                    upstream: demo
                    rewrite: {stripPrefix: true}
                    rateLimit: per-caller
                    auth: {apiKeys: %s}
                  - id: reports
                    match: {pathPrefix: /reports}
                    upstream: demo
                    rewrite: {stripPrefix: true}
                    auth: {clientCert: {subjects: ["CN=reporting"]}, identityHeader: X-Sluice-Identity}
                  - id: broken
                    match: {pathPrefix: /broken}
                    upstream: demo
                    auth: {jwt: {jwks: %s, issuer: "%s", audiences: [billing]}}
                  - id: open
                    match: {pathPrefix: /open}
                    upstream: demo
                    rewrite: {stripPrefix: true}
                """.formatted(pki.tlsYaml("node-1", "optional"), connector.getLocalPort(), jwks, Tokens.ISSUER, keys, keys,
                dir.resolve("missing-jwks.json"), Tokens.ISSUER);
        node = new GatewayNode(new ConfigLoader().parse(yaml), clock, accessLog::add);
        node.start();
        plain = HttpClient.newHttpClient();
    }

    private static String echoHeaders(Request request) {
        StringBuilder sb = new StringBuilder();
        for (HttpField f : request.getHeaders()) {
            sb.append(f.getLowerCaseName()).append(": ").append(f.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** An upstream WebSocket that sends the handshake headers it saw as its first message. */
    private record HeadersSocket(String headers) implements FrameHandler {
        @Override
        public void onOpen(CoreSession session, Callback callback) {
            callback.succeeded();
            session.sendFrame(new Frame(OpCode.TEXT).setPayload(headers), Callback.NOOP, false);
            session.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            callback.succeeded();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            node.stop();
        } finally {
            upstream.stop();
        }
    }

    @BeforeEach
    void resetCount() {
        upstreamRequests.set(0);
    }

    private static HttpResponse<String> get(HttpClient client, String base, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return get(plain, "http://127.0.0.1:" + node.port("plain"), path, headers);
    }

    private static HttpResponse<String> getTls(Path clientKeyStore, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(clientKeyStore)).build();
        return get(client, "https://127.0.0.1:" + node.port("tls"), path);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://sluice.dev/problems/" + type + "\"")
                .contains("\"detail\":\"" + detail + "\"");
    }

    @Test
    void shouldAnswer401WithBearerChallengeAndNeverCallTheUpstreamWhenNoTokenIsSent() throws Exception {
        HttpResponse<String> response = get("/billing/echo");

        assertProblem(response, 401, "unauthenticated", "authentication required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sluice\"");
        assertThat(upstreamRequests).hasValue(0);
    }

    @Test
    void shouldForwardTheCallerAsIdentityHeaderWhenTheTokenIsValid() throws Exception {
        String token = Tokens.es256(claims(clock.instant()).claim("scope", "billing.read").build());

        HttpResponse<String> response = get("/billing/echo", "Authorization", bearer(token),
                "X-Sluice-Identity", "jwt:root");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("x-sluice-identity: jwt:alice\n").doesNotContain("jwt:root");
        assertThat(upstreamRequests).hasValue(1);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(GatewayFixture.awaitRecord(accessLog, requestId).identity()).as("the access log says who was admitted").isEqualTo("jwt:alice");
    }

    @Test
    void shouldAnswer403WhenTheTokenLacksTheRequiredScope() throws Exception {
        String token = Tokens.rs256(claims(clock.instant()).claim("scope", "billing.write").build());

        assertProblem(get("/billing/echo", "Authorization", bearer(token)), 403, "forbidden", "access denied");
        assertThat(upstreamRequests).hasValue(0);
    }

    @Test
    void shouldAnswer401WhenTheTokenExpiredByTheGatewaysClock() throws Exception {
        Instant issued = clock.instant().minus(Duration.ofMinutes(6));
        String token = Tokens.rs256(claims(issued).claim("scope", "billing.read").build());

        assertProblem(get("/billing/echo", "Authorization", bearer(token)), 401, "unauthenticated", "authentication required");
    }

    @Test
    void shouldKeepTheApiKeyFromTheUpstreamWhenItIsValid() throws Exception {
        HttpResponse<String> response = get("/ci/echo", "X-Api-Key", CI_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("x-sluice-identity: apikey:ci-bot\n").doesNotContain("x-api-key")
                .doesNotContain(CI_KEY);
        assertProblem(get("/ci/echo", "X-Api-Key", "guessed"), 401, "unauthenticated", "authentication required");
        assertThat(upstreamRequests).hasValue(1);
    }

    @Test
    void shouldGiveEachAuthenticatedCallerItsOwnRateLimitBucket() throws Exception {
        assertThat(get("/limited/small", "X-Api-Key", CI_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/limited/small", "X-Api-Key", CI_KEY).statusCode()).isEqualTo(429);
        assertThat(get("/limited/small", "X-Api-Key", NIGHTLY_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAllowListedClientCertificateAndForbidOthers() throws Exception {
        HttpResponse<String> allowed = getTls(pki.client("reporting"), "/reports/echo");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("x-sluice-identity: cert:CN=reporting\n");

        assertProblem(getTls(pki.client("intruder"), "/reports/echo"), 403, "forbidden", "access denied");
        HttpResponse<String> anonymous = getTls(null, "/reports/echo");
        assertProblem(anonymous, 401, "unauthenticated", "authentication required");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertProblem(get("/reports/echo"), 401, "unauthenticated", "authentication required");
    }

    @Test
    void shouldRefuseWithoutCrashingWhenTheRoutesJwkSetCannotBeLoaded() throws Exception {
        String token = Tokens.rs256(claims(clock.instant()).build());

        assertProblem(get("/broken/echo", "Authorization", bearer(token)), 401, "unauthenticated", "authentication required");
        assertThat(get("/open/small").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAWebSocketUpgradeWhenTheCallerIsUnauthenticated() {
        CompletionException e = catchThrowableOfType(CompletionException.class, () -> plain.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.port("plain") + "/billing/socket"), new WebSocket.Listener() {
                }).join());

        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401);
        assertThat(upstreamRequests).hasValue(0);
    }

    @Test
    void shouldProxyAWebSocketWithTheIdentityButWithoutTheApiKeyWhenAuthenticated() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = plain.newWebSocketBuilder().header("X-Api-Key", CI_KEY).header("X-Sluice-Identity", "apikey:root")
                .buildAsync(URI.create("ws://127.0.0.1:" + node.port("plain") + "/ci/socket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            String seen = first.get(10, TimeUnit.SECONDS);

            assertThat(seen).contains("x-sluice-identity: apikey:ci-bot\n").doesNotContain("x-api-key")
                    .doesNotContain("apikey:root");
        } finally {
            socket.abort();
        }
    }
}
