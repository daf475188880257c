package io.sluice.cluster;

import static io.sluice.cluster.BlueGreen.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.ConfigVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared, versioned config on three real nodes (Jetty + embedded Hazelcast each, in this JVM):
 * changes through the admin API, validation before anything is replaced, compare-and-set, history
 * and rollback, propagation time, and what survives restarts.
 */
class ClusterConfigIT {

    static BlueGreen upstreams;

    @TempDir
    Path data;

    @BeforeAll
    static void upstreams() throws Exception {
        upstreams = BlueGreen.start();
    }

    @AfterAll
    static void stopUpstreams() throws Exception {
        upstreams.close();
    }



    @Test
    void aChangeThroughOneNodeRunsOnAllAndHistoryAndRollbackWork() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            assertThat(servedBy(c.get(2, "/small"))).isEqualTo("blue");

            var put = c.adminAs("alice", 0, "PUT", "/config", upstreams.shared("green", "v2"), "Content-Type", "application/yaml",
                    "X-Sluice-Comment", "move to green", "If-Match", "\"1\"");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).contains("\"version\":2", "\"author\":\"alice\"", "move to green");
            c.awaitVersion(2);
            for (int i = 0; i < 3; i++) {
                assertThat(servedBy(c.get(i, "/small"))).as("node-%d", i + 1).isEqualTo("green");
            }

            // a stale If-Match loses: 412, nothing replaced
            var stale = c.admin(1, "PUT", "/config", upstreams.shared("blue", "v3"), "If-Match", "\"1\"");
            assertThat(stale.statusCode()).isEqualTo(412);
            assertThat(stale.body()).contains("version-conflict", "runs version 2");

            // history on any node, newest first, with who and why
            var history = c.admin(2, "GET", "/config/history", null);
            assertThat(history.body()).contains("\"version\":2", "\"version\":1", "alice");
            assertThat(history.body().indexOf("\"version\":2")).isLessThan(history.body().indexOf("\"version\":1"));

            var rollback = c.adminAs("bob", 2, "POST", "/config/rollback", "{\"version\":1,\"comment\":\"green is bad\"}",
                    "Content-Type", "application/json");
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            assertThat(rollback.body()).contains("\"version\":3", "rollback to version 1: green is bad");
            c.awaitVersion(3);
            assertThat(servedBy(c.get(0, "/small"))).isEqualTo("blue");

            // every node reports the version it runs: it publishes (signs and writes) its status
            // right after the swap that awaitVersion saw, so give that write a moment to land
            String nodes = "";
            for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; Thread.sleep(20)) {
                nodes = c.admin(1, "GET", "/nodes", null).body();
                if (nodes.split("\"configVersion\":3", -1).length == 4) {
                    break;
                }
            }
            assertThat(nodes).contains("node-1", "node-2", "node-3");
            assertThat(nodes.split("\"configVersion\":3", -1)).hasSize(4);
        }
    }

    @Test
    void anInvalidConfigIsRejectedWithTheFieldAndTheRunningConfigStays() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            String bad = upstreams.shared("green", "v2").replace("upstream: green", "upstream: nowhere");
            var r = c.admin(0, "PUT", "/config", bad);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("routes[0].upstream", "nowhere", "must name a defined upstream");

            var typo = c.admin(0, "PUT", "/config", upstreams.shared("green", "v2").replace("endpoints:", "endpionts:"));
            assertThat(typo.statusCode()).isEqualTo(400);
            assertThat(typo.body()).contains("upstreams[0].endpionts", "unknown field");

            var template = c.admin(0, "PUT", "/config", upstreams.shared("green", "v2")
                    .replace("pathPrefix: /", "pathTemplate: \"/a/{id\""));
            assertThat(template.statusCode()).isEqualTo(400);

            assertThat(c.admin(1, "GET", "/config", null).body()).contains("\"version\":1");
            for (int i = 0; i < 3; i++) {
                assertThat(c.node(i).configSync().running().version()).isEqualTo(1);
                assertThat(servedBy(c.get(i, "/small"))).isEqualTo("blue");
            }
        }
    }

    /** Prints the propagation figures quoted in docs/OPERATIONS.md. The goal (p99 < 100 ms) is checked loosely. */
    @Test
    void everyChangeBecomesActiveOnAllThreeNodes() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            int changes = 100;
            List<Long> micros = new ArrayList<>();
            List<Long> proposeMicros = new ArrayList<>();
            for (int n = 2; n <= changes + 1; n++) {
                CountDownLatch all = new CountDownLatch(3);
                long target = n;
                AtomicLong last = new AtomicLong();
                for (int i = 0; i < 3; i++) {
                    c.node(i).configSync().onApplied(v -> {
                        if (v.version() == target) {
                            last.set(System.nanoTime());
                            all.countDown();
                        }
                    });
                }
                long start = System.nanoTime();
                ConfigVersion v = c.node(n % 3).configStore().propose(upstreams.shared(n % 2 == 0 ? "green" : "blue", "v" + n),
                        null, "bench", "change " + n);
                long proposed = System.nanoTime();
                assertThat(v.version()).isEqualTo(n);
                assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
                proposeMicros.add((proposed - start) / 1000);
                micros.add((last.get() - start) / 1000);
            }
            micros.sort(Long::compare);
            proposeMicros.sort(Long::compare);
            long p50 = micros.get(changes / 2);
            long p99 = micros.get(changes * 99 / 100 - 1);
            System.out.printf("config propagation to 3 nodes over %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    changes, p50 / 1000.0, p99 / 1000.0, micros.getLast() / 1000.0);
            System.out.printf("  of which the compare-and-set write on the proposing node: p50 %.1f ms, p99 %.1f ms%n",
                    proposeMicros.get(changes / 2) / 1000.0, proposeMicros.get(changes * 99 / 100 - 1) / 1000.0);
            // every change was asserted active on all three nodes above; the times are printed, not asserted
        }
    }

    @Test
    void aFullRestartComesBackOnTheNewestVersionAndARejoiningNodeCatchesUp() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            c.node(0).configStore().propose(upstreams.shared("green", "v2"), null, "alice", "green");
            c.awaitVersion(2);

            // node-3 is down while the cluster moves on; it comes back with its old file and catches up
            c.kill(2);
            c.node(0).configStore().propose(upstreams.shared("blue", "v3"), null, "alice", "blue again");
            c.awaitVersion(3);
            c.startNode(2);
            c.awaitVersion(3);
            assertThat(servedBy(c.get(2, "/small"))).isEqualTo("blue");

            // everyone down, then up again with the original files: the data folders win over the files
            c.node(0).configStore().propose(upstreams.shared("green", "v4"), null, "alice", "green for good");
            c.awaitVersion(4);
            for (int i = 0; i < 3; i++) {
                c.kill(i);
            }
            for (int i = 0; i < 3; i++) {
                c.startNode(i);
            }
            c.awaitVersion(4);
            for (int i = 0; i < 3; i++) {
                assertThat(servedBy(c.get(i, "/small"))).isEqualTo("green");
            }
            assertThat(c.node(1).configStore().history()).extracting(ConfigVersion::version).contains(4L, 3L, 2L, 1L);
        }
    }

    @Test
    void aNodeWhosePeersAreDownStartsOnWhatItRanLast() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            c.node(0).configStore().propose(upstreams.shared("green", "v2"), null, "alice", "green");
            c.awaitVersion(2);
            for (int i = 0; i < 3; i++) {
                c.kill(i);
            }
            c.startNode(1); // alone: the others stay down
            assertThat(c.node(1).configSync().running().version()).isEqualTo(2);
            assertThat(servedBy(c.get(1, "/small"))).isEqualTo("green");
        }
    }

    @Test
    void noRequestFailsWhileTheConfigChangesUnderLoad() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + 3_000_000_000L;
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int node = t % 3;
                load.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            var r = c.get(node, "/small");
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            int n = 2;
            while (System.nanoTime() < end) {
                c.node(n % 3).configStore().propose(upstreams.shared(n % 2 == 0 ? "green" : "blue", "v" + n), null, "load", "swap " + n);
                n++;
                Thread.sleep(20);
            }
            for (Thread t : load) {
                t.join();
            }
            c.awaitVersion(n - 1);
            System.out.printf("config changes under load: %d changes, %d requests ok, %d failed%n", n - 2, ok.get(), failures.size());
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(100);
        }
    }
}
