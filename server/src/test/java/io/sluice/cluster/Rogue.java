package io.sluice.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sluice.config.ClusterConfig;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A stranger on the member network: a plain Hazelcast member built the way {@link ClusterMember}
 * builds one (same cluster name, which travels in plaintext, and the same member list) but with no
 * node identity, no deserialization filter, and nothing of Sluice's. It writes maps directly.
 */
final class Rogue {

    private Rogue() {
    }

    /** Joins the cluster that {@code legit} belongs to and waits until it is a member. */
    static HazelcastInstance join(ClusterConfig legit, List<HazelcastInstance> members) {
        Config cfg = new Config();
        cfg.setClusterName(legit.name());
        cfg.setInstanceName("rogue-" + Long.toHexString(System.nanoTime()));
        cfg.setProperty("hazelcast.logging.type", "slf4j");
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.getJetConfig().setEnabled(false);
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(TestMembers.freePorts(1).getFirst()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(legit.members());
        HazelcastInstance rogue = Hazelcast.newHazelcastInstance(cfg);
        int expected = members.size() + 1;
        await("the rogue member joined", () -> members.stream().allMatch(m -> m.getCluster().getMembers().size() == expected)
                && members.stream().allMatch(m -> m.getPartitionService().isClusterSafe()));
        return rogue;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
