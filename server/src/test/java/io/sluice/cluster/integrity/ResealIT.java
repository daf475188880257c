package io.sluice.cluster.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.sluice.breaker.BreakerOverride;
import io.sluice.breaker.HazelcastOverrideStore;
import io.sluice.cluster.ClusterMember;
import io.sluice.cluster.ConfigStore;
import io.sluice.cluster.DataDir;
import io.sluice.cluster.TestMembers;
import io.sluice.config.ClusterConfig;
import io.sluice.model.ConfigVersion;
import io.sluice.testing.TestPki;
import io.sluice.tls.NodeCredentials;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA rotation in its three phases on two real members: phase 1 trusts old and new CA, phase 2
 * reissues the node certificates with the new CA (the reload hook reseals the config head, its
 * history and the overrides), phase 3 trusts only the new CA, and everything still verifies,
 * including for a store that starts afresh then.
 */
@Timeout(90)
class ResealIT {

    @TempDir
    Path dir;

    @Test
    void aCaRotationKeepsEverySignedValueVerifiable() throws Exception {
        TestPki old = TestPki.in(dir.resolve("old"));
        Thread.sleep(1100); // certificate times have whole seconds: the new CA must start later
        TestPki next = TestPki.in(dir.resolve("next"));
        List<ClusterConfig> configs = TestMembers.configs(2, dir);
        AtomicReference<NodeCredentials> id1 = new AtomicReference<>(Identities.of(old.node("node-1"), old));
        AtomicReference<NodeCredentials> id2 = new AtomicReference<>(Identities.of(old.node("node-2"), old));
        HazelcastInstance hz1 = ClusterMember.start(configs.get(0), "node-1", id1::get, Instant::now);
        HazelcastInstance hz2 = ClusterMember.start(configs.get(1), "node-2", id2::get, Instant::now);
        try {
            await(() -> hz1.getCluster().getMembers().size() == 2 && hz2.getCluster().getMembers().size() == 2);
            ConfigStore config1 = ConfigStore.hazelcast(hz1, yaml -> { }, Instant::now);
            ConfigStore config2 = ConfigStore.hazelcast(hz2, yaml -> { }, Instant::now);
            config1.seed(new ConfigVersion(1, "file", "seed", Instant.now().toString(), ConfigStore.sha256("a: 1"), "a: 1"));
            config1.propose("a: 2", 1L, "alice", "second");
            HazelcastOverrideStore overrides1 = new HazelcastOverrideStore(hz1, new DataDir(dir.resolve("d1")));
            HazelcastOverrideStore overrides2 = new HazelcastOverrideStore(hz2, new DataDir(dir.resolve("d2")));
            overrides1.put(BreakerOverride.request("api", BreakerOverride.Mode.FORCED_OPEN, "alice", "drill", Instant.now()));
            ClusterIntegrity node1 = ClusterIntegrity.of(hz1);
            ClusterIntegrity node2 = ClusterIntegrity.of(hz2);

            // phase 1: both trust old and new; nothing signed by a better certificate yet
            id1.set(Identities.of(old.node("node-1"), old, next));
            id2.set(Identities.of(old.node("node-2"), old, next));
            assertThat(node1.reseal()).isZero();

            // phase 2: node-1 reissued by the new CA; its reload hook reseals head, history (2) and the override
            assertThat(anchorOf(hz1, ConfigStore.HEAD_MAP, "head", () -> List.of(next.ca().certificate())))
                    .as("without a reseal, phase 3 would orphan the head").isNull();
            id1.set(Identities.of(next.node("node-1"), old, next));
            node1.onIdentityReloaded();
            Supplier<List<java.security.cert.X509Certificate>> both = () -> Identities.cas(old, next);
            await(() -> next.ca().certificate().equals(anchorOf(hz1, ConfigStore.HEAD_MAP, "head", both))
                    && next.ca().certificate().equals(anchorOf(hz1, ConfigStore.HISTORY_MAP, 1L, both))
                    && next.ca().certificate().equals(anchorOf(hz1, ConfigStore.HISTORY_MAP, 2L, both))
                    && next.ca().certificate().equals(anchorOf(hz1, HazelcastOverrideStore.MAP, "api", both)));
            assertThat(node2.reseal()).as("a node still on the old CA never takes values back").isZero();
            id2.set(Identities.of(next.node("node-2"), old, next));
            node2.reseal();

            // phase 3: only the new CA
            id1.set(Identities.of(next.node("node-1"), next));
            id2.set(Identities.of(next.node("node-2"), next));
            assertThat(config2.head()).get().extracting(ConfigVersion::version).isEqualTo(2L);
            assertThat(config2.history()).extracting(ConfigVersion::version).containsExactly(2L, 1L);
            assertThat(config2.rollback(1, 2L, "bob", "back").version()).isEqualTo(3);
            assertThat(overrides2.all()).containsKey("api");
            try (HazelcastOverrideStore fresh = new HazelcastOverrideStore(hz2, new DataDir(dir.resolve("fresh")))) {
                assertThat(fresh.all().get("api").mode()).isEqualTo(BreakerOverride.Mode.FORCED_OPEN);
            }
            assertThat(node1.rejections().total() + node2.rejections().total()).as("rejections").isZero();
            overrides1.close();
            overrides2.close();
            config1.close();
            config2.close();
        } finally {
            hz1.getLifecycleService().terminate();
            hz2.getLifecycleService().terminate();
        }
    }

    /** The CA the stored value chains to under {@code trusted}, or null when it does not verify. */
    private static <K> java.security.cert.X509Certificate anchorOf(HazelcastInstance hz, String map, K key,
            Supplier<List<java.security.cert.X509Certificate>> trusted) {
        String stored = hz.<K, String>getMap(map).get(key);
        Verdict v = new Verifier().verify(map, String.valueOf(key), stored, trusted.get(), Instant.now());
        return v instanceof Verdict.Valid valid ? valid.anchor() : null;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
