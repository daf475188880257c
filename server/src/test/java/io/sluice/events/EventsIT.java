package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.cluster.ClusterFixture;
import io.sluice.cluster.Json;
import io.sluice.demo.DemoUpstream;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The live stream against a real node (embedded Hazelcast, admin over mTLS, a real demo upstream):
 * traces of proxied requests, a metrics snapshot each second, a breaker an operator trips, a config
 * applied through the admin API and the health of the upstream it brings, over HTTP/1.1 and HTTP/2;
 * bad filters; a subscriber that never reads; the stream's end when the node stops.
 */
class EventsIT {

    @TempDir
    Path data;

    private static Server upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = DemoUpstream.start("app", "127.0.0.1", 0);
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.stop();
    }

    /** One upstream {@code app} behind routes {@code shop} and {@code all}; with {@code gone}, a second one nobody answers for. */
    private static String shared(Integer gonePort) {
        String gone = gonePort == null ? "" : """
                  - id: gone
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                    healthCheck: {path: /small, interval: 200ms, timeout: 200ms, unhealthyThreshold: 1}
                """.formatted(gonePort);
        String goneRoute = gonePort == null ? "" : """
                  - id: gone
                    match: {pathPrefix: /gone}
                    upstream: gone
                """;
        return """
                upstreams:
                  - id: app
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                    breaker: {minimumCalls: 1000, openDuration: 30s}
                %sroutes:
                  - id: shop
                    match: {pathPrefix: /shop}
                    upstream: app
                    rewrite: {stripPrefix: true}
                %s  - id: all
                    match: {pathPrefix: /}
                    upstream: app
                """.formatted(DemoUpstream.port(upstream), gone, goneRoute);
    }

    private static HttpClient client(ClusterFixture c, HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5))
                .sslContext(c.pki().clientContext(c.pki().operator("watcher", Role.VIEWER))).build();
    }

    private static URI events(ClusterFixture c, String query) {
        return URI.create(c.adminUrl(0) + "/events" + query);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(value = HttpClient.Version.class)
    void shouldStreamTracesMetricsBreakerConfigAndHealthEvents(HttpClient.Version version) throws Exception {
        try (ClusterFixture c = ClusterFixture.start(1, data, shared(null));
             SseStream stream = SseStream.open(client(c, version), events(c, ""))) {
            EventHub hub = c.node(0).events().hub();
            assertThat(stream.response().version()).isEqualTo(version);
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(stream.response().headers().firstValue("Cache-Control")).hasValue("no-store");

            // a metrics snapshot every second
            stream.await("metrics");
            stream.await("metrics");

            // traffic: traces of the requests, and the snapshot counts them
            for (int i = 0; i < 20; i++) {
                assertThat(c.get(0, "/shop/small").statusCode()).isEqualTo(200);
            }
            assertThat(c.get(0, "/shop/status?code=503").statusCode()).isEqualTo(503);
            TraceRecord failed = Json.read(stream.await("trace", d -> d.contains("\"status\":503")).data(), TraceRecord.class);
            assertThat(failed.route()).isEqualTo("shop");
            assertThat(failed.node()).isEqualTo("node-1");
            MetricsSnapshot busy = Json.read(stream.await("metrics",
                    d -> Json.read(d, MetricsSnapshot.class).requestsPerSecond() > 0).data(), MetricsSnapshot.class);
            assertThat(busy.node()).isEqualTo("node-1");
            assertThat(busy.heapUsedBytes()).isPositive();
            assertThat(busy.clusterMembers()).isEqualTo(1);

            // an operator trips the breaker
            var trip = c.admin(0, "POST", "/breakers/overrides",
                    "{\"breaker\":\"app\",\"mode\":\"forced-open\",\"reason\":\"watch the stream\"}", "Content-Type", "application/json");
            assertThat(trip.statusCode()).as(trip.body()).isEqualTo(200);
            StreamEvent.Breaker breaker = Json.read(stream.await("breaker", d -> d.contains("FORCED_OPEN")).data(),
                    StreamEvent.Breaker.class);
            assertThat(breaker).extracting(StreamEvent.Breaker::node, StreamEvent.Breaker::breaker, StreamEvent.Breaker::to)
                    .containsExactly("node-1", "app", "FORCED_OPEN");

            // a config that adds an upstream whose endpoint is down: the config event, then its health
            var applied = c.admin(0, "PUT", "/config", shared(closedPort()), "X-Sluice-Comment", "add gone");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            StreamEvent.Config config = Json.read(stream.await("config").data(), StreamEvent.Config.class);
            assertThat(config.version()).isEqualTo(2);
            assertThat(config.comment()).isEqualTo("add gone");
            assertThat(config.author()).isEqualTo("test-operator");
            assertThat(config.error()).isNull();
            StreamEvent.Health health = Json.read(stream.await("health", d -> d.contains("\"upstream\":\"gone\"")).data(),
                    StreamEvent.Health.class);
            assertThat(health.to()).isEqualTo("UNHEALTHY");

            // a client that goes away ends its stream on the node
            SseStream second = SseStream.open(client(c, version), events(c, "?types=metrics"));
            second.await("metrics");
            assertThat(hub.subscribers()).isEqualTo(2);
            second.close();
            awaitSubscribers(hub, 1);

            // the node stops: the stream ends
            c.stop(0);
            stream.awaitEnd();
        }
    }

    /** Idle timeouts do not cut a quiet stream: Jetty's is ignored while nothing is pending, keepalives carry proxies'. */
    @ParameterizedTest
    @EnumSource(value = HttpClient.Version.class)
    void shouldKeepAQuietStreamOpenPastTheIdleTimeout(HttpClient.Version version) throws Exception {
        try (ClusterFixture c = ClusterFixture.start(1, data, "limits: {clientIdleTimeout: 500ms}\n" + shared(null));
             SseStream stream = SseStream.open(client(c, version), events(c, "?types=config"))) {
            Thread.sleep(2_000); // four idle timeouts without a byte on the stream
            var applied = c.admin(0, "PUT", "/config", shared(closedPort()));
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            assertThat(Json.read(stream.await("config").data(), StreamEvent.Config.class).version()).isEqualTo(2);
        }
    }

    private static void awaitSubscribers(EventHub hub, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hub.subscribers() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node still streams to " + hub.subscribers() + " subscribers, not " + n);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldAnswer400ForABadFilterBeforeTheStreamStarts() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(1, data, shared(null))) {
            for (String query : List.of("?status=6xx", "?types=trace,logs", "?minMillis=soon", "?route=shop&minMilis=5")) {
                var r = c.admin(0, "GET", "/events" + query, null);
                assertThat(r.statusCode()).as(query).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            }
            assertThat(c.admin(0, "GET", "/events?status=6xx", null).body()).contains("status", "6xx", "5xx");
            assertThat(c.node(0).events().hub().subscribers()).isZero();
        }
    }

    /**
     * A subscriber that opens the stream and never reads: its TCP window closes, the node's write
     * parks, its queue fills, and from then on its events are dropped and counted. Requests keep
     * succeeding meanwhile; when it reads again it is told how many it lost.
     */
    @Test
    void shouldNotSlowRequestsForASubscriberThatNeverReads() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(1, data, shared(null));
             SSLSocket socket = (SSLSocket) c.pki().clientContext(c.pki().operator("sleeper", Role.VIEWER))
                     .getSocketFactory().createSocket()) {
            socket.setReceiveBufferSize(64 * 1024); // before connecting: a fixed window, not one the kernel grows
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", c.node(0).port("admin")), 5000);
            SSLParameters tls = socket.getSSLParameters();
            tls.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(tls);
            socket.getOutputStream().write(("GET /admin/v1/events?types=trace HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            assertThat(line(in)).isEqualTo("HTTP/1.1 200 OK");
            while (!line(in).isEmpty()) {
                // the rest of the head; from here on the test does not read until the requests are done
            }
            EventHub hub = c.node(0).events().hub();
            assertThat(hub.listening()).isTrue();

            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 20_000 && hub.dropped() == 0; i++) {
                        try {
                            if (c.get(0, "/shop/small").statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertThat(failed.get()).isZero();
            assertThat(hub.dropped()).as("after %d requests", ok.get()).isPositive();

            // reading again: the queued events, then how many were lost
            long lost = droppedCount(in);
            assertThat(lost).isPositive();
        }
    }

    /** Reads the chunked SSE body until a {@code dropped} event and returns its count. */
    private static long droppedCount(InputStream in) throws IOException {
        Pattern dropped = Pattern.compile("event: dropped\ndata: \\{\"count\":(\\d+)");
        StringBuilder body = new StringBuilder();
        int scanned = 0;
        while (true) {
            String sizeLine = line(in);
            if (sizeLine.isEmpty()) {
                sizeLine = line(in); // the CRLF that ends a chunk comes with the next one's size
            }
            int size = Integer.parseInt(sizeLine.strip(), 16);
            if (size == 0) {
                throw new AssertionError("the stream ended without a dropped event");
            }
            body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
            Matcher m = dropped.matcher(body);
            if (m.find(Math.max(0, scanned - 64))) {
                return Long.parseLong(m.group(1));
            }
            scanned = body.length();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the stream ended");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
