package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.Request;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.sluice.cluster.TestMembers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment behind the decision in {@link RateLimiters}: Bucket4j 8.17's Hazelcast integration
 * under the same three-node, 70/20/10 load as {@link ClusterRateLimitIT}, once per optimization,
 * then with the bucket's owner killed. Off by default (about a minute); run it with
 * {@code -Dsluice.limiter.bucket4j=true -Dtest=Bucket4jEvaluationIT}. It prints one line per variant.
 */
@EnabledIfSystemProperty(named = "sluice.limiter.bucket4j", matches = "true")
class Bucket4jEvaluationIT {

    private static final long RATE = 1000;
    private static final long BURST = 100;
    private static final double OFFERED = 2 * RATE;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("sluice.limiter.bucket4j.seconds", 10));

    @TempDir
    Path data;

    @Test
    void measureBucket4jOptimizationsAgainstTheGoals() throws Exception {
        try (TestMembers cluster = TestMembers.start(3, data)) {
            if (!Boolean.getBoolean("sluice.limiter.bucket4j.stallOnly")) {
            variant(cluster, "none", () -> null);
            variant(cluster, "batching", Optimizations::batching);
            variant(cluster, "delaying(50 tokens,100ms)", () -> Optimizations.delaying(new DelayParameters(50, Duration.ofMillis(100))));
            variant(cluster, "predicting(50 tokens,100ms)", () -> Optimizations.predicting(new DelayParameters(50, Duration.ofMillis(100))));
            }
            if (Boolean.getBoolean("sluice.limiter.bucket4j.shapeOnly")) {
                shape(cluster);
                return;
            }
            stallOwner(cluster, false);
            stallOwner(cluster, true);
            killOwner(cluster, "predicting(50 tokens,100ms)+owner killed", () -> Optimizations.predicting(new DelayParameters(50, Duration.ofMillis(100))));
        }
    }

    private void variant(TestMembers cluster, String name, Supplier<Optimization> optimization) throws InterruptedException {
        String map = "b4j-" + name.replaceAll("\\W", "");
        List<LongAdder> remote = new ArrayList<>();
        List<ClusterLoad.Node> nodes = nodes(cluster, map, "k", optimization, remote);
        ClusterLoad.Result r = ClusterLoad.run(nodes, OFFERED, RUN, null);
        report(name, r, remote);
    }

    private void killOwner(TestMembers cluster, String name, Supplier<Optimization> optimization) throws InterruptedException {
        String map = "b4j-kill";
        String key = TestKeys.ownedBy(cluster, 2, map, "");
        List<LongAdder> remote = new ArrayList<>();
        List<ClusterLoad.Node> nodes = nodes(cluster, map, key, optimization, remote);
        ClusterLoad.Result r = ClusterLoad.run(nodes, OFFERED, RUN, new ClusterLoad.Kill(2, RUN.dividedBy(4), () -> cluster.terminate(2)));
        report(name, r, remote);
        assertThat(r.maxLatencyNanos()).isPositive();
    }

    /**
     * Blocks the bucket's partition on its owner for 3 s (as a hung owner would) and sees whether a
     * request can be bounded: the sync API has no timeout on this proxy manager; the async one is
     * waited on for 250 ms and then counted as a fallback.
     */
    private void stallOwner(TestMembers cluster, boolean async) throws InterruptedException {
        String map = "b4j-stall-" + async;
        String key = TestKeys.ownedBy(cluster, 2, map, "");
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(BURST).refillGreedy(RATE, Duration.ofSeconds(1)))
                .build();
        double[] shares = {0.7, 0.2, 0.1};
        List<LongAdder> remote = new ArrayList<>();
        LongAdder fallbacks = new LongAdder();
        List<ClusterLoad.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LongAdder calls = new LongAdder();
            remote.add(calls);
            IMap<String, byte[]> imap = cluster.get(i).getMap(map);
            var manager = new CountingProxyManager(imap, calls);
            var o = Optimizations.predicting(new DelayParameters(50, Duration.ofMillis(100)));
            ClusterLoad.Decider d;
            if (async) {
                var bucket = manager.asAsync().builder().withOptimization(o).build(key, () -> CompletableFuture.completedFuture(config));
                d = () -> {
                    try {
                        return bucket.tryConsume(1).get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        fallbacks.increment();
                        return false;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            } else {
                var bucket = manager.builder().withOptimization(o).build(key, () -> config);
                d = () -> bucket.tryConsume(1);
            }
            nodes.add(new ClusterLoad.Node("node-" + (i + 1), shares[i], d));
        }
        IMap<String, byte[]> owner = cluster.get(0).getMap(map);
        Duration run = Duration.ofSeconds(10);
        ClusterLoad.Result r = ClusterLoad.run(nodes, OFFERED, run, new ClusterLoad.Kill(-1, Duration.ofSeconds(2),
                () -> owner.submitToKey(key, new Stall(3000))));
        report((async ? "predicting async get(250ms)" : "predicting sync") + " +owner stalled 3s", r, remote);
        long slow = r.nodes().stream().mapToLong(n -> n.maxLatencyNanos.get()).max().orElse(0);
        System.out.printf("BUCKET4J stall %s: maxLatency=%dms fallbacks=%d admitted after stall (7-10s)=%.1f/s%n",
                async ? "async" : "sync", slow / 1_000_000, fallbacks.sum(),
                r.admittedBetween(Duration.ofSeconds(7), run) / 3.0);
    }

    /** Shape mode through Bucket4j's scheduling API: does the reservation stay local, and how long do requests wait? */
    private void shape(TestMembers cluster) throws InterruptedException {
        String map = "b4j-shape";
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(BURST).refillGreedy(RATE, Duration.ofSeconds(1)))
                .build();
        double[] shares = {0.7, 0.2, 0.1};
        List<LongAdder> remote = new ArrayList<>();
        var scheduler = java.util.concurrent.Executors.newScheduledThreadPool(2);
        List<ClusterLoad.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LongAdder calls = new LongAdder();
            remote.add(calls);
            IMap<String, byte[]> imap = cluster.get(i).getMap(map);
            var manager = new CountingProxyManager(imap, calls);
            var o = Optimizations.predicting(new DelayParameters(50, Duration.ofMillis(100)));
            var bucket = manager.asAsync().builder().withOptimization(o).build("k", () -> CompletableFuture.completedFuture(config));
            nodes.add(new ClusterLoad.Node("node-" + (i + 1), shares[i], () -> {
                try {
                    return bucket.asScheduler().tryConsume(1, Duration.ofMillis(500), scheduler).get(1, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        ClusterLoad.Result r = ClusterLoad.run(nodes, OFFERED, RUN, null);
        report("predicting async scheduler tryConsume(1, maxWait 500ms)", r, remote);
        scheduler.shutdownNow();
    }

    /** Holds the partition thread, as an owner that stopped answering would. */
    private record Stall(long millis) implements com.hazelcast.map.EntryProcessor<String, byte[], Object> {
        @Override
        public Object process(java.util.Map.Entry<String, byte[]> entry) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public com.hazelcast.map.EntryProcessor<String, byte[], Object> getBackupProcessor() {
            return null;
        }
    }

    private List<ClusterLoad.Node> nodes(TestMembers cluster, String map, String key, Supplier<Optimization> optimization, List<LongAdder> remote) {
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(BURST).refillGreedy(RATE, Duration.ofSeconds(1)))
                .build();
        double[] shares = {0.7, 0.2, 0.1};
        List<ClusterLoad.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LongAdder calls = new LongAdder();
            remote.add(calls);
            IMap<String, byte[]> imap = cluster.get(i).getMap(map);
            var manager = new CountingProxyManager(imap, calls);
            var builder = manager.builder();
            Optimization o = optimization.get();
            if (o != null) {
                builder = builder.withOptimization(o);
            }
            BucketProxy bucket = builder.build(key, () -> config);
            nodes.add(new ClusterLoad.Node("node-" + (i + 1), shares[i], () -> bucket.tryConsume(1)));
        }
        return nodes;
    }

    private static void report(String name, ClusterLoad.Result r, List<LongAdder> remote) {
        double seconds = r.duration().toNanos() / 1e9;
        long calls = remote.stream().mapToLong(LongAdder::sum).sum();
        StringBuilder perNode = new StringBuilder();
        for (int i = 0; i < r.nodes().size(); i++) {
            var n = r.nodes().get(i);
            perNode.append(String.format(" %s: offered=%d admitted=%d remote=%.1f%% errors=%d maxLatency=%dms;", n.name,
                    n.offered.sum(), n.admitted.sum(), 100.0 * remote.get(i).sum() / Math.max(1, n.offered.sum()),
                    n.errors.sum(), n.maxLatencyNanos.get() / 1_000_000));
        }
        System.out.printf("BUCKET4J %s: configured=%d/s admitted=%.1f/s ratio=%.3f remoteShare=%.1f%% maxLatency=%dms unfinished=%d |%s%n",
                name, RATE, r.admitted() / seconds, r.admitted() / seconds / RATE, 100.0 * calls / Math.max(1, r.offered()),
                r.maxLatencyNanos() / 1_000_000, r.unfinished(), perNode);
    }

    /** Counts every call that leaves the node for the grid. */
    private static final class CountingProxyManager extends HazelcastProxyManager<String> {

        private final LongAdder calls;

        CountingProxyManager(IMap<String, byte[]> map, LongAdder calls) {
            super(map, ClientSideConfig.getDefault());
            this.calls = calls;
        }

        @Override
        public <T> CommandResult<T> execute(String key, Request<T> request) {
            calls.increment();
            return super.execute(key, request);
        }

        @Override
        public <T> CompletableFuture<CommandResult<T>> executeAsync(String key, Request<T> request) {
            calls.increment();
            return super.executeAsync(key, request);
        }
    }
}
