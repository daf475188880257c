package io.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.sluice.config.ClusterConfig;
import io.sluice.testing.TestPki;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Real Hazelcast members on loopback in this JVM, joined by TCP-IP like a production cluster.
 * Ports are found free first (Hazelcast cannot bind port 0); the members start in parallel.
 */
public final class TestMembers implements AutoCloseable {

    private final List<ClusterConfig> configs;
    private final List<HazelcastInstance> members = new ArrayList<>();

    private TestMembers(List<ClusterConfig> configs) {
        this.configs = configs;
    }

    /** Cluster configs for {@code n} members whose data folders live under {@code dataRoot}. */
    public static List<ClusterConfig> configs(int n, Path dataRoot) {
        return configs(dataRoot, freePorts(n));
    }

    /** Cluster configs for members on the given ports (found free together with any other ports the test needs). */
    public static List<ClusterConfig> configs(Path dataRoot, List<Integer> ports) {
        int n = ports.size();
        List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        String name = "test-" + Long.toHexString(System.nanoTime());
        TestPki pki = TestPki.in(dataRoot.resolve("pki"));
        List<ClusterConfig> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ClusterConfig(name, "127.0.0.1", ports.get(i), addresses,
                    dataRoot.resolve("node-" + (i + 1)).toString(), pki.identity("node-" + (i + 1))));
        }
        return out;
    }

    /** Starts {@code n} members and waits until each sees all of them. */
    public static TestMembers start(int n, Path dataRoot) {
        return start(configs(n, dataRoot));
    }

    /**
     * Starts one member per config (node ids node-1, node-2, ...) and waits until each sees all of
     * them and the partitions have settled: until then operations on migrating partitions wait,
     * which a measurement that starts at once would count against the code under test.
     */
    public static TestMembers start(List<ClusterConfig> configs) {
        int n = configs.size();
        TestMembers t = new TestMembers(configs);
        List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClusterConfig c = t.configs.get(i);
            String id = "node-" + (i + 1);
            starting.add(CompletableFuture.supplyAsync(() -> ClusterMember.start(c, id)));
        }
        for (var f : starting) {
            t.members.add(f.join());
        }
        t.awaitSize(n);
        t.awaitSafe();
        return t;
    }

    /** Waits until no partition is migrating and every backup is in sync, on every running member. */
    public void awaitSafe() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members.stream().filter(m -> m.getLifecycleService().isRunning())
                .anyMatch(m -> !m.getPartitionService().isClusterSafe())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster's partitions did not settle in 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public HazelcastInstance get(int i) {
        return members.get(i);
    }

    public List<HazelcastInstance> all() {
        return members;
    }

    public ClusterConfig config(int i) {
        return configs.get(i);
    }

    public void awaitSize(int n) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members.stream().filter(m -> m.getLifecycleService().isRunning()).anyMatch(m -> m.getCluster().getMembers().size() != n)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster did not reach " + n + " members");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Kills member {@code i} without a graceful leave, as kill -9 would. */
    public void terminate(int i) {
        members.get(i).getLifecycleService().terminate();
    }

    public static List<Integer> freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            if (m.getLifecycleService().isRunning()) {
                m.getLifecycleService().terminate();
            }
        }
    }
}
