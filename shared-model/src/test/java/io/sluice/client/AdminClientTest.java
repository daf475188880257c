package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.NodeStatus;
import io.sluice.model.StreamEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real HTTP server on loopback (plain HTTP: the TLS side is covered by the
 * server module's sluicectl tests against real nodes over mutual TLS).
 */
class AdminClientTest {

    /** What one handler answers: status, content type, body. */
    private record Answer(int status, String type, String body) {
    }

    /** The client's call timeout: long enough for a loaded machine, short enough to wait out in a test. */
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private AdminClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
        client = AdminClient.create(url(), null, Duration.ofSeconds(2), TIMEOUT);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        String target = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
        seen.put("method", x.getRequestMethod());
        seen.put("target", target);
        seen.put("body", new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        x.getRequestHeaders().forEach((k, v) -> seen.put("header " + k.toLowerCase(), String.join(",", v)));
        if (target.startsWith("/admin/v1/threads")) { // a node that takes its time
            sleep(TIMEOUT.toMillis() + 4000);
        }
        if (target.startsWith("/admin/v1/events")) {
            stream(x);
            return;
        }
        Answer a = answers.getOrDefault(x.getRequestURI().getPath(), new Answer(404, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no admin resource\"}"));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", a.type());
        x.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** A live stream: two events spread over longer than the client's timeout, then (unless told to stop) more. */
    private void stream(HttpExchange x) throws IOException {
        if (x.getRequestURI().getQuery() != null && x.getRequestURI().getQuery().contains("route=forbidden")) {
            byte[] body = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"viewer only\"}".getBytes();
            x.getResponseHeaders().set("Content-Type", "application/problem+json");
            x.sendResponseHeaders(403, body.length);
            x.getResponseBody().write(body);
            x.close();
            return;
        }
        boolean endAfterTwo = x.getRequestURI().getQuery() != null && x.getRequestURI().getQuery().contains("route=short");
        x.getResponseHeaders().set("Content-Type", "text/event-stream");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        try {
            out.write(": hello\n\nevent: metrics\nid: 1\ndata: {\"node\":\"node-1\",\"requestsPerSecond\":3.0}\n\n".getBytes());
            out.flush();
            sleep(TIMEOUT.toMillis() + 500); // past the client's timeout: it must only bound the wait for the headers
            out.write("event: breaker\nid: 2\ndata: {\"node\":\"node-1\",\"breaker\":\"app\",\"from\":\"CLOSED\",\"to\":\"OPEN\"}\n\n".getBytes());
            out.flush();
            if (endAfterTwo) {
                return;
            }
            for (int i = 3; i < 600; i++) {
                sleep(50);
                out.write(("event: future-type\nid: " + i + "\ndata: {}\n\n").getBytes());
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the stream
        } finally {
            x.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldDecodeTheRecordsWhenTheNodeAnswers2xxWithFieldsThisClientDoesNotKnow() {
        answers.put("/admin/v1/nodes", new Answer(200, "application/json",
                "[{\"nodeId\":\"node-1\",\"adminUrl\":\"https://127.0.0.1:19080\",\"configVersion\":7,\"newField\":true}]"));

        List<NodeStatus> nodes = client.nodes();

        assertThat(nodes).singleElement().satisfies(n -> {
            assertThat(n.nodeId()).isEqualTo("node-1");
            assertThat(n.configVersion()).isEqualTo(7);
        });
        assertThat(seen).containsEntry("method", "GET").containsEntry("target", "/admin/v1/nodes");
    }

    @Test
    void shouldCarryStatusTitleAndDetailWhenTheNodeAnswersAProblem() {
        answers.put("/admin/v1/breakers/overrides", new Answer(403, "application/problem+json",
                "{\"type\":\"https://sluice.dev/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"this certificate's role may not do that\",\"requestId\":\"r1\"}"));

        assertThatThrownBy(() -> client.overrideBreaker("app", "forced-open", "test"))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.title()).isEqualTo("Forbidden");
                    assertThat(e.detail()).isEqualTo("this certificate's role may not do that");
                    assertThat(e.problem().requestId()).isEqualTo("r1");
                });
        assertThat(seen.get("body")).isEqualTo("{\"breaker\":\"app\",\"mode\":\"forced-open\",\"reason\":\"test\"}");
        assertThat(seen).containsEntry("header content-type", "application/json");
    }

    @Test
    void shouldMakeUpAProblemWhenTheErrorBodyIsNotOne() {
        answers.put("/admin/v1/routes", new Answer(502, "text/html", "<html>bad gateway</html>"));

        assertThatThrownBy(() -> client.routes()).isInstanceOfSatisfying(AdminException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.title()).isEqualTo("Bad Gateway");
            assertThat(e.detail()).isEqualTo("<html>bad gateway</html>");
        });
    }

    @Test
    void shouldSendTheYamlWithCommentAndIfMatchWhenApplyingAConfig() {
        answers.put("/admin/v1/config", new Answer(200, "application/json", "{\"version\":8,\"author\":\"alice\"}"));

        var applied = client.applyConfig("routes: []\n", "canary to 20 %", 7L);

        assertThat(applied.version()).isEqualTo(8);
        assertThat(seen).containsEntry("method", "PUT").containsEntry("body", "routes: []\n")
                .containsEntry("header content-type", "application/yaml")
                .containsEntry("header if-match", "\"7\"")
                .containsEntry("header x-sluice-comment", "canary to 20 %");
    }

    @Test
    void shouldEncodeTheFiltersWhenAskingForTraces() {
        answers.put("/admin/v1/traces", new Answer(200, "application/json", "[]"));

        client.traces(new TraceQuery("slowest", "shop api", "5xx", 250L, null));

        assertThat(seen.get("target")).isEqualTo("/admin/v1/traces?list=slowest&route=shop%20api&status=5xx&minMillis=250");
    }

    @Test
    void shouldKeepTheAnswerAsItCameWhenFetched() {
        answers.put("/admin/v1/config", new Answer(200, "application/yaml", "routes: []\n"));

        AdminResponse r = client.fetch(AdminCall.configYaml());

        assertThat(r.text()).isEqualTo("routes: []\n");
        assertThat(r.isJson()).isFalse();
        assertThat(seen.get("target")).isEqualTo("/admin/v1/config?format=yaml");
    }

    @Test
    void shouldSayConnectionRefusedWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AdminClient nobody = AdminClient.create("https://127.0.0.1:" + port, null)) {
            assertThatThrownBy(nobody::node).isInstanceOfSatisfying(NodeUnreachableException.class, e -> {
                assertThat(e.reason()).startsWith("connection refused");
                assertThat(e.tlsFailure()).isFalse();
                assertThat(e.getMessage()).startsWith("cannot reach https://127.0.0.1:" + port + ": ");
            });
        }
    }

    @Test
    void shouldGiveUpWhenTheNodeDoesNotAnswerWithinTheTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.threads("text"))
                .isInstanceOfSatisfying(NodeUnreachableException.class,
                        e -> assertThat(e.reason()).isEqualTo("no answer within the timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(2));
    }

    @Test
    void shouldDeliverTypedEventsInOrderUntilClosedWhenStreaming() throws Exception {
        List<AdminEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);

        EventStream stream = client.events(EventFilter.all(), e -> {
            events.add(e);
            three.countDown();
        });

        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        stream.close();
        assertThat(stream.await(Duration.ofSeconds(2))).isTrue();
        assertThat(stream.failure()).isNull();
        int after = events.size();
        Thread.sleep(200);
        assertThat(events).hasSize(after);
        assertThat(events.get(0).data()).isEqualTo(new MetricsSnapshot("node-1", null, 3.0, 0, 0, 0, 0, 0, 0));
        assertThat(events.get(1).data()).isEqualTo(new StreamEvent.Breaker("node-1", "app", "CLOSED", "OPEN", null));
        assertThat(events.get(2).type()).isEqualTo("future-type");
        assertThat(events).extracting(AdminEvent::id).startsWith("1", "2", "3");
        assertThat(seen.get("target")).isEqualTo("/admin/v1/events");
        assertThat(seen.get("header accept")).isEqualTo("text/event-stream");
    }

    @Test
    void shouldEndTheStreamWhenTheNodeClosesIt() throws Exception {
        List<AdminEvent> events = new CopyOnWriteArrayList<>();

        EventStream stream = client.events(new EventFilter(List.of("metrics", "breaker"), "short", "5xx", 100L), events::add);

        assertThat(stream.await(Duration.ofSeconds(10))).isTrue();
        assertThat(stream.isOpen()).isFalse();
        assertThat(events).hasSize(2);
        assertThat(seen.get("target")).isEqualTo("/admin/v1/events?types=metrics%2Cbreaker&route=short&status=5xx&minMillis=100");
    }

    @Test
    void shouldThrowTheProblemWhenTheNodeRefusesTheStream() {
        assertThatThrownBy(() -> client.events(new EventFilter(null, "forbidden", null, null), e -> { }))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.detail()).isEqualTo("viewer only"));
    }

    @Test
    void shouldNormaliseTheAdminUrlWhenItCarriesTheApiPath() {
        assertThat(AdminClient.baseUri("https://10.0.0.5:19080/admin/v1/").toString()).isEqualTo("https://10.0.0.5:19080");
        assertThat(client.forNode("https://127.0.0.1:19081").baseUrl().toString()).isEqualTo("https://127.0.0.1:19081");
        assertThatThrownBy(() -> AdminClient.baseUri("127.0.0.1:19080"))
                .hasMessage("an admin URL looks like https://HOST:PORT, got '127.0.0.1:19080'");
        assertThatThrownBy(() -> AdminClient.baseUri("https://h:1/other")).hasMessageContaining("looks like https://HOST:PORT");
    }

    @Test
    void shouldKeepTheConnectionsWhenAClientForAnotherNodeIsClosed() {
        answers.put("/admin/v1/limits", new Answer(200, "application/json", "[]"));
        client.forNode(url()).close();

        assertThat(client.limits()).isEmpty();
    }

    @Test
    void shouldNameTheCallWhenDescribed() {
        assertThat(AdminCall.traces(TraceQuery.recent()).toString()).isEqualTo("GET /admin/v1/traces?list=recent");
        assertThat(AdminCall.metrics().target()).isEqualTo("/metrics");
        assertThat(AdminCall.configVersion(3).target()).isEqualTo("/admin/v1/config/history/3");
    }
}
