package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sluice.certs.Role;
import io.sluice.model.BreakersView;
import io.sluice.model.LimiterUsage;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import io.sluice.model.RouteInfo;
import io.sluice.model.UpstreamInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's read resources answer with the shared-model records (parsed here exactly as
 * the CLI and the monitor parse them), the metrics the issue asks for appear after real traffic,
 * and draining takes a node out of service while requests in flight finish.
 */
class AdminResourcesIT {

    private static final String JSON = "application/json";

    @TempDir
    Path data;

    @Test
    void readsAnswerWithSharedModelRecords() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(2, data, ClusterTrafficIT.shared(app, canary))) {
            for (int i = 0; i < 5; i++) {
                c.get(0, "/limited/small", "X-Api-Key", "k1");
            }
            NodeInfo node = read(c, "/node", new TypeReference<>() { });
            assertThat(node.nodeId()).isEqualTo("node-1");
            assertThat(node.configVersion()).isEqualTo(1);
            assertThat(node.draining()).isFalse();
            assertThat(node.adminUrl()).startsWith("https://127.0.0.1:");
            assertThat(node.jvm().availableProcessors()).isPositive();
            assertThat(node.jvm().heapUsedBytes()).isPositive();
            assertThat(node.jvm().runtimeVersion()).startsWith(String.valueOf(Runtime.version().feature()));

            List<NodeStatus> members = read(c, "/nodes", new TypeReference<>() { });
            assertThat(members).extracting(NodeStatus::nodeId).containsExactlyInAnyOrder("node-1", "node-2");
            assertThat(members).allSatisfy(m -> assertThat(m.adminUrl()).startsWith("https://"));

            List<RouteInfo> routes = read(c, "/routes", new TypeReference<>() { });
            assertThat(routes).extracting(RouteInfo::id).containsExactly("limited", "slow", "shop", "all");
            RouteInfo shop = routes.get(2);
            assertThat(shop.path()).isEqualTo("/shop*");
            assertThat(shop.upstreams()).containsExactly("app (weight 100)", "canary (weight 0)");
            assertThat(routes.getFirst().rateLimit()).isEqualTo("tight");

            List<UpstreamInfo> upstreams = read(c, "/upstreams", new TypeReference<>() { });
            assertThat(upstreams).extracting(UpstreamInfo::id).containsExactly("app", "canary");
            assertThat(upstreams.getFirst().endpoints().getFirst().status()).isEqualTo("HEALTHY");
            assertThat(app.url()).startsWith(upstreams.getFirst().endpoints().getFirst().origin());

            List<LimiterUsage> limits = read(c, "/limits", new TypeReference<>() { });
            assertThat(limits).singleElement().satisfies(l -> {
                assertThat(l.policyId()).isEqualTo("tight");
                assertThat(l.admitted()).isEqualTo(3);
                assertThat(l.rejected()).isEqualTo(2);
            });

            var trip = c.adminAs("dana", 0, "POST", "/breakers/overrides",
                    "{\"breaker\":\"app\",\"mode\":\"forced-open\",\"reason\":\"drill\"}", "Content-Type", JSON);
            assertThat(trip.statusCode()).as(trip.body()).isEqualTo(200);
            BreakersView breakers = read(c, "/breakers", new TypeReference<>() { });
            assertThat(breakers.breakers()).filteredOn(b -> b.node().equals("node-1") && b.name().equals("app"))
                    .singleElement().satisfies(b -> {
                        assertThat(b.state()).isEqualTo("FORCED_OPEN");
                        assertThat(b.lastTransition().to()).isEqualTo("FORCED_OPEN");
                    });
            assertThat(breakers.overrides()).singleElement().satisfies(o -> {
                assertThat(o.actor()).isEqualTo("dana");
                assertThat(o.reason()).isEqualTo("drill");
                assertThat(o.mode()).isEqualTo("FORCED_OPEN");
            });

            String metrics = c.node(0).metrics().scrape();
            assertThat(metrics)
                    .contains("sluice_ratelimit_admitted_total{policy=\"tight\"} 3.0")
                    .contains("sluice_ratelimit_limited_total{policy=\"tight\"} 2.0")
                    .contains("sluice_breaker_transitions_total{breaker=\"app\",from=\"closed\",to=\"forced_open\"} 1.0")
                    .contains("sluice_requests_in_flight ");
        }
    }

    @Test
    void drainRefusesNewConnectionsLetsInFlightRequestsFinishAndShowsInTheNodeList() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(2, data, ClusterTrafficIT.shared(app, canary))) {
            int port = c.node(0).port("http");
            var viewer = c.adminWith(c.pki().operator("vic", Role.VIEWER), 0, "POST", "/node/drain",
                    "{\"reason\":\"x\"}", "Content-Type", JSON);
            assertThat(viewer.statusCode()).isEqualTo(403);
            assertThat(c.admin(0, "POST", "/node/drain", "{}", "Content-Type", JSON).statusCode()).isEqualTo(400);

            try (Socket keptAlive = new Socket("127.0.0.1", port)) {
                keptAlive.setSoTimeout(10_000);
                OutputStream out = keptAlive.getOutputStream();
                out.write("GET /delay?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300); // the request is at the upstream now

                var drain = c.admin(0, "POST", "/node/drain", "{\"reason\":\"kernel update\"}", "Content-Type", JSON);
                assertThat(drain.statusCode()).as(drain.body()).isEqualTo(200);
                assertThat(drain.body()).contains("\"draining\":true");

                String answer = readAll(keptAlive.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
            }
            assertThat(connects(port)).as("new connections are refused").isFalse();
            assertThat(c.get(1, "/small").statusCode()).as("the other node still serves").isEqualTo(200);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!c.admin(1, "GET", "/nodes", null).body().contains("\"draining\":true") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<NodeStatus> members = Json.mapper().readValue(c.admin(1, "GET", "/nodes", null).body(), new TypeReference<>() { });
            assertThat(members).filteredOn(NodeStatus::draining).extracting(NodeStatus::nodeId).containsExactly("node-1");
            assertThat(c.admin(0, "GET", "/node", null).statusCode()).as("the admin port stays open").isEqualTo(200);
        }
    }

    private static <T> T read(ClusterFixture c, String path, TypeReference<T> type) throws Exception {
        HttpResponse<String> r = c.adminWith(c.pki().operator("vic", Role.VIEWER), 0, "GET", path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(JSON));
        return Json.mapper().readerFor(type)
                .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(r.body());
    }

    /** Reads until the server closes the connection (it must, after a drain). */
    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static boolean connects(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }
}
