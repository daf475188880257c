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

    static final int FIRST_PORT = 30000;
    static final int LAST_PORT = 32700;

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

    /**
     * {@code n} ports free now, from {@value #FIRST_PORT}-{@value #LAST_PORT}: below Linux's ephemeral
     * range (32768-60999), which the OS hands out for outgoing connections and port-0 binds, so no
     * other socket of this machine takes one between this check and the member's bind (a port from
     * the ephemeral range did get taken: "Port [45205] is already in use"). Random start, so that
     * test JVMs running side by side rarely try the same ports.
     */
    public static List<Integer> freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int span = LAST_PORT - FIRST_PORT + 1;
            int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
            for (int i = 0; i < span && sockets.size() < n; i++) {
                int port = FIRST_PORT + (start + i) % span;
                try {
                    sockets.add(new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress()));
                } catch (IOException inUse) {
                    // taken: try the next one
                }
            }
            if (sockets.size() < n) {
                throw new IllegalStateException("fewer than " + n + " free ports in " + FIRST_PORT + "-" + LAST_PORT);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
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
