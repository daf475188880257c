package io.sluice.cluster;

import static io.sluice.cluster.Rogue.await;
import static io.sluice.cluster.BlueGreen.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sluice.breaker.BreakerOverride;
import io.sluice.breaker.HazelcastOverrideStore;
import io.sluice.certs.Role;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.cluster.integrity.Signer;
import io.sluice.cluster.integrity.Verdict;
import io.sluice.model.ConfigVersion;
import io.sluice.model.NodeStatus;
import io.sluice.node.GatewayNode;
import io.sluice.testing.TestPki;
import io.sluice.tls.KeyMaterial;
import io.sluice.tls.NodeCredentials;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that reaches the member port joins the cluster as a plain Hazelcast member (the cluster
 * name is all it needs) and writes the shared maps directly: a config head that routes to another
 * upstream, a history entry to roll back to, a breaker override forcing a breaker open, and a node
 * registry entry. Three real gateway nodes must keep routing as before, keep the breaker closed,
 * not list the forged node, count every refusal, and still take legit changes afterwards. The
 * second case signs its forgeries with certificates that are not node certificates of the
 * cluster CA (another CA's node certificate, a viewer certificate of the right CA) and replays
 * legit values under other keys and after newer ones.
 */
@Timeout(180)
class RogueMemberIT {

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
    void aMemberWithoutACertificateCannotChangeRoutesBreakersOrTheNodeList() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            HazelcastInstance rogue = Rogue.join(c.node(0).config().cluster(), members(c));
            try {
                String now = Instant.now().toString();
                String greenYaml = upstreams.shared("green", "takeover");
                rogue.<String, String>getMap(ConfigStore.HEAD_MAP).put("head",
                        Json.write(new ConfigVersion(99, "mallory", "takeover", now, ConfigStore.sha256(greenYaml), greenYaml)));
                rogue.<Long, String>getMap(ConfigStore.HISTORY_MAP).put(1L,
                        Json.write(new ConfigVersion(1, "mallory", "history", now, ConfigStore.sha256(greenYaml), greenYaml)));
                rogue.<String, String>getMap(HazelcastOverrideStore.MAP).put("blue",
                        Json.write(new BreakerOverride("blue", BreakerOverride.Mode.FORCED_OPEN, "mallory", "takeover", Instant.now(), 1000)));
                rogue.<String, String>getMap(NodeRegistry.MAP).put("node-evil",
                        Json.write(new NodeStatus("node-evil", "https://203.0.113.9:9443", List.of(), now, 99, null, now, null)));

                // every node refuses the forged head and the forged override as the events arrive
                awaitOnEvery(c, "the forged head is refused", i -> rejected(c, i, ConfigStore.HEAD_MAP));
                awaitOnEvery(c, "the forged override is refused", i -> rejected(c, i, HazelcastOverrideStore.MAP));
                // and the head is put back: it verifies again, as version 1
                IMap<String, String> head = rogue.getMap(ConfigStore.HEAD_MAP);
                await("the verified head is restored", () -> integrity(c, 0).verify(ConfigStore.HEAD_MAP, "head", head.get("head"))
                        instanceof Verdict.Valid v && v.payload().contains("\"version\":1"));
                assertThat(sum(c, i -> integrity(c, i).restored())).as("restorations").isGreaterThanOrEqualTo(1);

                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < 5; k++) {
                        HttpResponse<String> r = c.get(i, "/small");
                        assertThat(r.statusCode()).as("node-%d: a forced-open breaker would answer 503", i + 1).isEqualTo(200);
                        assertThat(servedBy(r)).as("node-%d routes as before", i + 1).isEqualTo("blue");
                    }
                    assertThat(c.node(i).configSync().running().version()).isEqualTo(1);
                    assertThat(c.node(i).registry().all()).extracting(NodeStatus::nodeId)
                            .as("node-%d's registry", i + 1).containsExactly("node-1", "node-2", "node-3");
                    assertThat(rejected(c, i, NodeRegistry.MAP)).isGreaterThanOrEqualTo(1);
                    String breakers = c.admin(i, "GET", "/breakers", null).body();
                    assertThat(breakers).doesNotContain("mallory").doesNotContain("FORCED_OPEN");
                    assertThat(overridesFile(c, i)).doesNotContain("mallory");
                }

                // a rollback to the forged history entry is refused, and the listing leaves it out
                var rollback = c.admin(1, "POST", "/config/rollback", "{\"version\": 1}", "Content-Type", "application/json");
                assertThat(rollback.statusCode()).isEqualTo(400);
                assertThat(rollback.body()).contains("fails verification");
                assertThat(c.admin(1, "GET", "/config/history", null).body()).doesNotContain("mallory");
                assertThat(rejected(c, 1, ConfigStore.HISTORY_MAP)).isGreaterThanOrEqualTo(1);

                legitChangesStillWork(c);
                report(c, "no certificate");
            } finally {
                rogue.getLifecycleService().terminate();
            }
        }
    }

    @Test
    void certificatesThatAreNotNodeCertificatesOfTheClusterCaAndReplaysAreRefusedToo() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(3, data, upstreams.shared("blue", "v1"))) {
            c.awaitVersion(1);
            HazelcastInstance rogue = Rogue.join(c.node(0).config().cluster(), members(c));
            try {
                TestPki other = TestPki.in(data.resolve("other-ca"));
                Signer otherCa = signer("node-1", other.node("node-1"), other);            // a node certificate, wrong CA
                Signer viewer = signer("node-2", c.pki().operator("mallory", Role.VIEWER), c.pki()); // right CA, role viewer
                String now = Instant.now().toString();
                String greenYaml = upstreams.shared("green", "takeover");
                String forgedHead = Json.write(new ConfigVersion(2, "mallory", "takeover", now, ConfigStore.sha256(greenYaml), greenYaml));
                IMap<String, String> head = rogue.getMap(ConfigStore.HEAD_MAP);
                IMap<String, String> overrides = rogue.getMap(HazelcastOverrideStore.MAP);
                IMap<String, String> nodes = rogue.getMap(NodeRegistry.MAP);

                head.put("head", otherCa.seal(ConfigStore.HEAD_MAP, "head", forgedHead));
                awaitOnEvery(c, "the other CA's head is refused", i -> rejected(c, i, ConfigStore.HEAD_MAP));
                head.put("head", viewer.seal(ConfigStore.HEAD_MAP, "head", forgedHead));
                awaitOnEvery(c, "the viewer's head is refused", i -> rejected(c, i, ConfigStore.HEAD_MAP) >= 2 ? 1 : 0);
                overrides.put("blue", viewer.seal(HazelcastOverrideStore.MAP, "blue", Json.write(
                        new BreakerOverride("blue", BreakerOverride.Mode.FORCED_OPEN, "mallory", "", Instant.now(), 1000))));
                awaitOnEvery(c, "the viewer's override is refused", i -> rejected(c, i, HazelcastOverrideStore.MAP));
                String evil = Json.write(new NodeStatus("node-evil", "https://203.0.113.9:9443", List.of(), now, 1, null, now, null));
                nodes.put("node-evil", otherCa.seal(NodeRegistry.MAP, "node-evil", evil));
                // a legit node's signed entry, copied under another key: the signature binds the key
                nodes.put("node-copy", nodes.get("node-2"));

                await("the verified head is restored", () -> integrity(c, 0).verify(ConfigStore.HEAD_MAP, "head", head.get("head"))
                        instanceof Verdict.Valid v && v.payload().contains("\"version\":1"));
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = c.get(i, "/small");
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(servedBy(r)).isEqualTo("blue");
                    assertThat(c.node(i).registry().all()).extracting(NodeStatus::nodeId).containsExactly("node-1", "node-2", "node-3");
                    assertThat(rejected(c, i, NodeRegistry.MAP)).as("node-evil and node-copy").isGreaterThanOrEqualTo(2);
                }

                // replay: the head of version 1, signed by a legit node, written back after version 2
                String signedV1 = head.get("head");
                var put = c.admin(0, "PUT", "/config", upstreams.shared("green", "v2"), "Content-Type", "application/yaml", "If-Match", "\"1\"");
                assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                c.awaitVersion(2);
                head.put("head", signedV1);
                await("the replayed old head is replaced by version 2 again", () -> integrity(c, 0).verify(
                        ConfigStore.HEAD_MAP, "head", head.get("head")) instanceof Verdict.Valid v && v.payload().contains("\"version\":2"));
                Thread.sleep(300);
                for (int i = 0; i < 3; i++) {
                    assertThat(c.node(i).configSync().running().version()).as("versions only move forward").isEqualTo(2);
                    assertThat(servedBy(c.get(i, "/small"))).isEqualTo("green");
                }
                var next = c.admin(2, "PUT", "/config", upstreams.shared("blue", "v3"), "Content-Type", "application/yaml", "If-Match", "\"2\"");
                assertThat(next.statusCode()).as("a change after the replay builds on version 2: " + next.body()).isEqualTo(200);
                c.awaitVersion(3);
                report(c, "other CA, viewer, replays");
            } finally {
                rogue.getLifecycleService().terminate();
            }
        }
    }

    /**
     * After the rogue's writes: an override and its reset for the breaker the rogue forged an
     * override for (its sequence 1000 does not stand in the way), then a config change.
     */
    private static void legitChangesStillWork(ClusterFixture c) throws Exception {
        var trip = c.admin(0, "POST", "/breakers/overrides", "{\"breaker\": \"blue\", \"mode\": \"forced-open\", \"reason\": \"drill\"}",
                "Content-Type", "application/json");
        assertThat(trip.statusCode()).as(trip.body()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await("node-" + (i + 1) + " obeys the legit override", () -> status(c, node) == 503);
        }
        var reset = c.admin(1, "POST", "/breakers/overrides", "{\"breaker\": \"blue\", \"mode\": \"auto\", \"reason\": \"drill over\"}",
                "Content-Type", "application/json");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await("node-" + (i + 1) + " closes the breaker again", () -> status(c, node) == 200);
        }
        var put = c.admin(2, "PUT", "/config", upstreams.shared("green", "v2"), "Content-Type", "application/yaml", "If-Match", "\"1\"");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        c.awaitVersion(2);
        for (int i = 0; i < 3; i++) {
            assertThat(servedBy(c.get(i, "/small"))).as("node-%d after the legit change", i + 1).isEqualTo("green");
        }
    }


    private static Signer signer(String claimedId, Path keyStore, TestPki trusting) {
        KeyMaterial.KeyEntry entry = KeyMaterial.keyEntry(keyStore, TestPki.PASSWORD);
        NodeCredentials credentials = new NodeCredentials(entry.key(), entry.chain(), List.of(trusting.ca().certificate()));
        return new Signer(claimedId, () -> credentials);
    }

    private static List<HazelcastInstance> members(ClusterFixture c) {
        return List.of(c.node(0).hazelcast(), c.node(1).hazelcast(), c.node(2).hazelcast());
    }

    private static ClusterIntegrity integrity(ClusterFixture c, int i) {
        return ClusterIntegrity.of(c.node(i).hazelcast());
    }

    private static long rejected(ClusterFixture c, int i, String map) {
        return integrity(c, i).rejections().of(map);
    }

    private static long sum(ClusterFixture c, ToLongFunction<Integer> perNode) {
        long s = 0;
        for (int i = 0; i < c.size(); i++) {
            s += perNode.applyAsLong(i);
        }
        return s;
    }

    private static void awaitOnEvery(ClusterFixture c, String what, ToLongFunction<Integer> count) {
        for (int i = 0; i < c.size(); i++) {
            int node = i;
            await("node-" + (i + 1) + ": " + what, () -> count.applyAsLong(node) >= 1);
        }
    }

    private static int status(ClusterFixture c, int i) {
        try {
            return c.get(i, "/small").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }


    private static String overridesFile(ClusterFixture c, int i) throws Exception {
        GatewayNode node = c.node(i);
        Path file = node.config().cluster().dataPath().resolve("breaker-overrides.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** What the report quotes: refusals per map and restorations, per node. */
    private static void report(ClusterFixture c, String scenario) {
        for (int i = 0; i < c.size(); i++) {
            System.out.printf("rogue (%s) node-%d: rejected %s, restored %d%n", scenario, i + 1,
                    integrity(c, i).rejections().byMap(), integrity(c, i).restored());
        }
    }
}
