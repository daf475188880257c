package io.sluice.breaker;

import com.hazelcast.core.HazelcastInstance;
import io.sluice.cluster.TestMembers;
import io.sluice.cluster.DataDir;
import io.sluice.config.ClusterConfig;
import io.sluice.config.UpstreamConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A gateway node as far as breakers go: a real member, its override store and its breakers, wired as production would. */
record Node(String id, HazelcastInstance hz, HazelcastOverrideStore store, Breakers breakers) implements AutoCloseable {

    static Node on(String id, HazelcastInstance hz, ClusterConfig cluster, List<UpstreamConfig> upstreams) {
        HazelcastOverrideStore store = new HazelcastOverrideStore(hz, new DataDir(cluster.dataPath()));
        Breakers breakers = new Breakers(id, InstantSource.system(), store);
        breakers.configure(upstreams);
        return new Node(id, hz, store, breakers);
    }

    /** Starts one member per config (node ids node-1, node-2, ...), waits for the cluster, then the nodes. */
    static List<Node> start(List<ClusterConfig> configs, List<UpstreamConfig> upstreams) {
        TestMembers members = TestMembers.start(configs);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            nodes.add(on("node-" + (i + 1), members.get(i), configs.get(i), upstreams));
        }
        return nodes;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As kill -9 would: no graceful leave, nothing flushed by the node. */
    void kill() {
        hz.getLifecycleService().terminate();
    }

    @Override
    public void close() {
        breakers.close();
        store.close();
        if (hz.getLifecycleService().isRunning()) {
            hz.getLifecycleService().terminate();
        }
    }

    static void closeAll(List<Node> nodes) {
        nodes.forEach(Node::close);
    }
}
