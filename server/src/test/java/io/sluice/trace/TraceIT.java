package io.sluice.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.cluster.Json;
import io.sluice.it.GatewayFixture;
import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import io.sluice.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracing through a real node (default tracing settings: 1 % sampled, slow from 500 ms) in front
 * of real upstreams: W3C trace context reaches the upstream, failed and slow requests are kept,
 * and the admin API serves them over mTLS with their spans and without credentials.
 */
class TraceIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    Path dir;
    private TestPki pki;
    private GatewayFixture gw;
    private HttpClient http;
    private HttpClient admin;

    @BeforeEach
    void start() throws Exception {
        pki = TestPki.create(dir);
        String routes = """
                - id: h2
                  match:
                    pathPrefix: /h2
                  upstream: h2demo
                """;
        String upstreams = """
                - id: h2demo
                  protocol: h2
                  endpoints:
                    - url: ${TLS_UPSTREAM}
                  trustStore: ${TRUST}
                  trustStorePassword: ${PASSWORD}
                """;
        gw = GatewayFixture.start(pki, routes, upstreams,
                "admin: {host: 127.0.0.1, port: 0, tls: " + pki.tlsYaml("node-1", "required") + "}");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(pki.clientContext(pki.operator("vera", Role.VIEWER))).build();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        admin.close();
        gw.close();
    }

    @Test
    void shouldSendTheCallersTraceIdWithThisNodesSpanAndTheTracestateWhenTheCallerSendsTraceContext() throws Exception {
        String echoed = get("/echo", "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01",
                "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7").body();

        List<String> parents = headerLines(echoed, "traceparent");
        assertThat(parents).hasSize(1);
        String[] parts = parents.getFirst().split("-");
        assertThat(parts[0]).isEqualTo("00");
        assertThat(parts[1]).isEqualTo(TRACE_ID);
        assertThat(parts[2]).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN).isNotEqualTo("0000000000000000");
        assertThat(parts[3]).isEqualTo("01");
        assertThat(headerLines(echoed, "tracestate")).containsExactly("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    }

    @Test
    void shouldStartANewTraceAndDropTheTracestateWhenTheTraceparentIsInvalid() throws Exception {
        String echoed = get("/echo", "traceparent", "00-" + TRACE_ID.toUpperCase() + "-" + CALLER_SPAN + "-01",
                "tracestate", "congo=t61rcWkgMzE").body();

        List<String> parents = headerLines(echoed, "traceparent");
        assertThat(parents).hasSize(1);
        assertThat(parents.getFirst()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain(TRACE_ID);
        assertThat(headerLines(echoed, "tracestate")).isEmpty();
    }

    @Test
    void shouldServeAKept5xxOverMtlsWithItsSpansInOrderAndNoCredentials() throws Exception {
        HttpResponse<String> failed = get("/status?code=503", "Authorization", "Bearer secret-token",
                "Cookie", "session=secret-cookie", "X-Api-Key", "secret-key", "traceparent",
                "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
        assertThat(failed.statusCode()).isEqualTo(503);
        String requestId = failed.headers().firstValue("X-Request-Id").orElseThrow();

        TraceRecord trace = awaitTrace("list=failed&status=5xx", requestId);

        assertThat(trace.kept()).isEqualTo("error");
        assertThat(trace.traceId()).isEqualTo(TRACE_ID);
        assertThat(trace.parentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(trace.status()).isEqualTo(503);
        assertThat(trace.attempts()).as("a 503 to an idempotent GET is retried once").isEqualTo(2);
        // A fresh node has no pooled connection; the first attempt's connection is dropped with its 503.
        assertThat(trace.spans()).extracting(SpanRecord::name).containsExactly("route", "breaker",
                "upstream-headers", "connect", "upstream-headers", "connect", "body");
        assertThat(trace.spans()).extracting(SpanRecord::startMicros).isSorted();
        assertThat(trace.spans().get(2).detail()).startsWith("attempt 1 ").endsWith(" 503");
        assertThat(trace.spans().get(4).detail()).startsWith("attempt 2 ").endsWith(" 503");
        assertThat(trace.requestHeaders()).containsEntry("authorization", "[redacted]")
                .containsEntry("cookie", "[redacted]").containsEntry("x-api-key", "[redacted]");
        assertThat(trace.responseHeaders()).containsEntry("x-request-id", requestId);
        String json = admin("/admin/v1/traces?list=failed").body();
        assertThat(json).contains(requestId).doesNotContain("secret-token", "secret-cookie", "secret-key");
    }

    @Test
    void shouldListASlowRequestInSlowestWhenItTookTheThreshold() throws Exception {
        HttpResponse<String> slow = get("/delay?ms=600");
        assertThat(slow.statusCode()).isEqualTo(200);
        String requestId = slow.headers().firstValue("X-Request-Id").orElseThrow();

        TraceRecord trace = awaitTrace("list=slowest&minMillis=500", requestId);

        assertThat(trace.kept()).isEqualTo("slow");
        assertThat(trace.path()).isEqualTo("/delay");
        assertThat(trace.spans()).extracting(SpanRecord::name).contains("upstream-headers", "body");
    }

    @Test
    void shouldAnswer400NamingTheParameterWhenAQueryIsInvalid() throws Exception {
        HttpResponse<String> list = admin("/admin/v1/traces?list=fastest");
        HttpResponse<String> status = admin("/admin/v1/traces?status=5xx,abc");
        HttpResponse<String> limit = admin("/admin/v1/traces?limit=0");

        assertThat(list.statusCode()).isEqualTo(400);
        assertThat(list.body()).contains("list must be recent, slowest or failed");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(status.body()).contains("status must be");
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(limit.body()).contains("limit must be between 1 and");
    }

    @Test
    void shouldExposeConnectTimesAndPoolUseForBothTransportsWhenConnectionsWereOpened() throws Exception {
        assertThat(get("/small").statusCode()).isEqualTo(200);
        assertThat(get("/h2/small").statusCode()).isEqualTo(200);

        // the HTTP/1.1 connection goes back to its pool just after the response's last byte
        String text = awaitScrape(t -> value(t, "sluice_upstream_connections", "upstream=\"demo\"", "state=\"idle\"") == 1
                && value(t, "sluice_upstream_connections", "upstream=\"h2demo\"", "state=\"active\"") == 0);

        assertThat(value(text, "sluice_upstream_connect_seconds_count", "upstream=\"demo\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "sluice_upstream_connect_seconds_count", "upstream=\"h2demo\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "sluice_upstream_connections", "upstream=\"demo\"", "state=\"idle\"")).isEqualTo(1);
        assertThat(value(text, "sluice_upstream_connections", "upstream=\"demo\"", "state=\"active\"")).isZero();
        assertThat(value(text, "sluice_upstream_connections", "upstream=\"h2demo\"", "state=\"active\"")
                + value(text, "sluice_upstream_connections", "upstream=\"h2demo\"", "state=\"idle\"")).isEqualTo(1);
        assertThat(text).contains("# TYPE sluice_upstream_connect_seconds histogram", "# TYPE sluice_upstream_connections gauge");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.plainPort() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String pathAndQuery) throws Exception {
        return admin.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.node().port("admin") + pathAndQuery))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The kept trace of {@code requestId} in the list the query selects; traces are kept after the response is sent. */
    private TraceRecord awaitTrace(String query, String requestId) throws Exception {
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = admin("/admin/v1/traces?" + query);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (TraceRecord t : Json.read(r.body(), TraceRecord[].class)) {
                if (requestId.equals(t.requestId())) {
                    return t;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no trace of request " + requestId + " in " + query);
    }

    /** A scrape of the node's metrics once {@code ready} holds on it (or the last one after 5 s). */
    private String awaitScrape(java.util.function.Predicate<String> ready) throws InterruptedException {
        String text = gw.node().metrics().scrape();
        for (int i = 0; i < 200 && !ready.test(text); i++) {
            Thread.sleep(25);
            text = gw.node().metrics().scrape();
        }
        return text;
    }

    /** Values of {@code name: value} lines in the demo upstream's /echo answer. */
    private static List<String> headerLines(String echoed, String name) {
        return echoed.lines().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2)).toList();
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    private static double value(String text, String name, String... labels) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + name + " with " + Arrays.toString(labels));
                })
                .orElseThrow(() -> new AssertionError("no sample of " + name + " with " + Arrays.toString(labels) + " in:\n" + text));
    }
}
