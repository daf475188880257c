package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic guards on real nodes: operator overrides acting cluster-wide, automatic tripping,
 * cluster-wide rate limits with the IETF headers, load shedding and canary pinning, each through
 * HTTP against real upstreams.
 */
class ClusterTrafficIT {

    @TempDir
    Path data;

    static String shared(CountingUpstream a, CountingUpstream b) {
        return """
                upstreams:
                  - id: app
                    endpoints: [{url: "%s"}]
                    breaker: {minimumCalls: 4, failureRateThreshold: 50, openDuration: 30s}
                    outlierDetection: {enabled: false}
                    retries: {attempts: 1}
                  - id: canary
                    endpoints: [{url: "%s"}]
                rateLimits:
                  - {id: tight, rate: 3, per: 1s, burst: 3, key: "header:X-Api-Key"}
                routes:
                  - id: limited
                    match: {pathPrefix: /limited}
                    upstream: app
                    rateLimit: tight
                    rewrite: {stripPrefix: true}
                  - id: slow
                    match: {pathPrefix: /one-at-a-time}
                    upstream: app
                    maxInFlight: 1
                    rewrite: {stripPrefix: true}
                  - id: shop
                    match: {pathPrefix: /shop}
                    split: [{upstream: app, weight: 100}, {upstream: canary, weight: 0}]
                    pin: {header: X-Group, cookie: group}
                    rewrite: {stripPrefix: true}
                  - id: all
                    match: {pathPrefix: /}
                    upstream: app
                """.formatted(a.url(), b.url());
    }

    @Test
    void anOperatorTripsABreakerOnOneNodeAndEveryNodeStopsCallingTheUpstream() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(3, data, shared(app, canary))) {
            var trip = c.adminAs("carol", 0, "POST", "/breakers/overrides",
                    "{\"breaker\":\"app\",\"mode\":\"forced-open\",\"reason\":\"db migration\"}",
                    "Content-Type", "application/json");
            assertThat(trip.statusCode()).as(trip.body()).isEqualTo(200);
            assertThat(trip.body()).contains("FORCED_OPEN", "carol", "db migration");
            awaitOn(c, 2, "/small", 503);

            int before = app.requests.get();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = c.get(i, "/small");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains("circuit-open");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(app.requests.get()).as("no request reached the upstream").isEqualTo(before);

            // every node's state is visible from any node, with the override's who and why
            var states = c.admin(1, "GET", "/breakers", null);
            assertThat(states.body()).contains("node-1", "node-2", "node-3", "FORCED_OPEN", "carol");

            var auto = c.admin(2, "POST", "/breakers/overrides",
                    "{\"breaker\":\"app\",\"mode\":\"auto\",\"reason\":\"done\"}", "Content-Type", "application/json");
            assertThat(auto.statusCode()).isEqualTo(200);
            awaitOn(c, 0, "/small", 200);
        }
    }

    @Test
    void overridesNeedAKnownBreakerAModeAndAReason() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(1, data, shared(app, canary))) {
            var unknown = c.admin(0, "POST", "/breakers/overrides", "{\"breaker\":\"ap\",\"mode\":\"auto\",\"reason\":\"x\"}",
                    "Content-Type", "application/json");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("no breaker named 'ap'", "app", "canary");
            var noReason = c.admin(0, "POST", "/breakers/overrides", "{\"breaker\":\"app\",\"mode\":\"auto\"}",
                    "Content-Type", "application/json");
            assertThat(noReason.statusCode()).isEqualTo(400);
            var badField = c.admin(0, "POST", "/breakers/overrides", "{\"breaker\":\"app\",\"mood\":\"auto\"}",
                    "Content-Type", "application/json");
            assertThat(badField.statusCode()).isEqualTo(400);
            assertThat(badField.body()).contains("mood");
            var notJson = c.admin(0, "POST", "/breakers/overrides", "breaker=app", "Content-Type", "text/plain");
            assertThat(notJson.statusCode()).isEqualTo(415);
        }
    }

    @Test
    void aFailingUpstreamTripsTheBreakerAutomatically() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(1, data, shared(app, canary))) {
            for (int i = 0; i < 4; i++) {
                assertThat(c.get(0, "/status?code=500").statusCode()).isEqualTo(500);
            }
            int before = app.requests.get();
            HttpResponse<String> r = c.get(0, "/small");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("circuit-open");
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
            assertThat(app.requests.get()).isEqualTo(before);
        }
    }

    @Test
    void aRateLimitedClientGets429WithTheDraftHeadersAndOtherKeysAreNotAffected() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(1, data, shared(app, canary))) {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> limited = null;
            HttpResponse<String> admitted = null;
            for (int i = 0; i < 6; i++) {
                var r = c.get(0, "/limited/small", "X-Api-Key", "key-a");
                statuses.add(r.statusCode());
                if (r.statusCode() == 429) {
                    limited = r;
                } else if (admitted == null) {
                    admitted = r;
                }
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses).contains(429);
            assertThat(admitted.headers().firstValue("RateLimit-Policy").orElseThrow()).contains("\"tight\"", "q=3");
            assertThat(admitted.headers().firstValue("RateLimit").orElseThrow()).contains("\"tight\"", "r=");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.headers().firstValue("RateLimit").orElseThrow()).contains("r=0");
            assertThat(limited.body()).contains("rate-limited");
            assertThat(c.get(0, "/limited/small", "X-Api-Key", "key-b").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRouteOverItsInFlightLimitShedsAtOnce() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(1, data, shared(app, canary))) {
            var slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.get(0, "/one-at-a-time/delay?ms=1500").statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (app.requests.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            HttpResponse<String> shed = c.get(0, "/one-at-a-time/small");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.body()).contains("load-shed");
            assertThat(tookMillis).as("answered without waiting for the slow request").isLessThan(1000);
            assertThat(slow.get()).isEqualTo(200);
            assertThat(c.get(0, "/one-at-a-time/small").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPinnedRequestGoesToItsGroupWhateverTheWeights() throws Exception {
        try (CountingUpstream app = new CountingUpstream("app"); CountingUpstream canary = new CountingUpstream("canary");
             ClusterFixture c = ClusterFixture.start(1, data, shared(app, canary))) {
            for (int i = 0; i < 20; i++) {
                assertThat(c.get(0, "/shop/small").headers().firstValue("X-Upstream")).hasValue("app");
            }
            assertThat(c.get(0, "/shop/small", "X-Group", "canary").headers().firstValue("X-Upstream")).hasValue("canary");
            assertThat(c.get(0, "/shop/small", "Cookie", "a=b; group=canary").headers().firstValue("X-Upstream"))
                    .hasValue("canary");
        }
    }

    private static void awaitOn(ClusterFixture c, int node, String path, int status) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (c.get(node, path).statusCode() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node-" + (node + 1) + " never answered " + status + " on " + path);
            }
            Thread.sleep(10);
        }
    }
}
