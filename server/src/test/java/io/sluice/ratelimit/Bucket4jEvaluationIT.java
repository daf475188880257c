package io.sluice.ratelimit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.github.bucket4j.BucketConfiguration;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment behind the decision in {@link RateLimiters}: Bucket4j 8.17's Hazelcast integration
 * ({@link HazelcastProxyManager}) under the load of {@link ClusterRateLimitIT} (three members,
 * 1000/s, burst 100, 2000/s offered split 70/20/10), once per optimization, then shaping through
 * its scheduling API, then with the bucket's owner stalled for 3 s (sync and async API), then killed.
 * Remote calls are counted where the proxy manager sends a request to the grid.
 *
 * <p>Off by default (about two minutes). Run it with
 * {@code ./mvnw -o -pl server test -Dtest=Bucket4jEvaluationIT -Dsluice.limiter.bucket4j=true};
 * it prints one {@code BUCKET4J} line per variant to the test output.
 */
@EnabledIfSystemProperty(named = "sluice.limiter.bucket4j", matches = "true")
class Bucket4jEvaluationIT {

    private static final long RATE = 1000;
    private static final long BURST = 100;
    private static final double OFFERED = 2 * RATE;
    private static final double[] SHARES = {0.7, 0.2, 0.1};
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("sluice.limiter.bucket4j.seconds", 10));
    private static final BucketConfiguration CONFIG = BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(BURST).refillGreedy(RATE, Duration.ofSeconds(1)))
            .build();

    @TempDir
    Path data;

    @Test
    void measureBucket4jAgainstTheGoals() throws Exception {
        try (TestMembers cluster = TestMembers.start(3, data)) {
            reject(cluster, "none", () -> null);
            reject(cluster, "batching", Optimizations::batching);
            reject(cluster, "delaying(50 tokens,100ms)", () -> Optimizations.delaying(delay()));
            reject(cluster, "predicting(50 tokens,100ms)", () -> Optimizations.predicting(delay()));
            shape(cluster);
            stallOwner(cluster, false);
            stallOwner(cluster, true);
            killOwner(cluster);
        }
    }

    private static DelayParameters delay() {
        return new DelayParameters(50, Duration.ofMillis(100));
    }

    private void reject(TestMembers cluster, String name, Supplier<Optimization> optimization) throws InterruptedException {
        List<LongAdder> remote = new ArrayList<>();
        List<ClusterLoad.Node> nodes = nodes(cluster, "b4j-" + name.replaceAll("\\W", ""), remote, manager -> {
            var builder = manager.builder();
            Optimization o = optimization.get();
            var bucket = (o == null ? builder : builder.withOptimization(o)).build("k", () -> CONFIG);
            return () -> bucket.tryConsume(1);
        });
        report("reject, " + name, ClusterLoad.run(nodes, OFFERED, RUN, null), remote);
    }

    /** Shape mode through the scheduling API: a reservation waits up to 500 ms for its token. */
    private void shape(TestMembers cluster) throws InterruptedException {
        List<LongAdder> remote = new ArrayList<>();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try {
            List<ClusterLoad.Node> nodes = nodes(cluster, "b4j-shape", remote, manager -> {
                var bucket = manager.asAsync().builder().withOptimization(Optimizations.predicting(delay()))
                        .build("k", () -> CompletableFuture.completedFuture(CONFIG));
                return () -> bounded(bucket.asScheduler().tryConsume(1, Duration.ofMillis(500), scheduler), Duration.ofSeconds(2), null);
            });
            report("shape maxWait 500ms, predicting, async scheduler", ClusterLoad.run(nodes, OFFERED, RUN, null), remote);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /**
     * Holds the bucket's partition on its owner for 3 s, as an owner that stopped answering would,
     * and sees whether a decision can be bounded: the sync API has no timeout on this proxy manager;
     * the async one is waited on for 250 ms and then counted as a fallback.
     */
    private void stallOwner(TestMembers cluster, boolean async) throws InterruptedException {
        String map = "b4j-stall-" + async;
        String key = TestKeys.ownedBy(cluster, 2, "k", "");
        List<LongAdder> remote = new ArrayList<>();
        LongAdder timeouts = new LongAdder();
        List<ClusterLoad.Node> nodes = nodes(cluster, map, remote, manager -> {
            if (async) {
                var bucket = manager.asAsync().builder().withOptimization(Optimizations.predicting(delay()))
                        .build(key, () -> CompletableFuture.completedFuture(CONFIG));
                return () -> bounded(bucket.tryConsume(1), Duration.ofMillis(250), timeouts);
            }
            var bucket = manager.builder().withOptimization(Optimizations.predicting(delay())).build(key, () -> CONFIG);
            return () -> bucket.tryConsume(1);
        });
        IMap<String, byte[]> imap = cluster.get(0).getMap(map);
        ClusterLoad.Result r = ClusterLoad.run(nodes, OFFERED, RUN,
                new ClusterLoad.Disruption(-1, Duration.ofSeconds(2), () -> imap.submitToKey(key, new Stall(3000))));
        report((async ? "owner stalled 3s, async API get(250ms)" : "owner stalled 3s, sync API") + ", predicting, timeouts " + timeouts.sum(),
                r, remote);
    }

    private void killOwner(TestMembers cluster) throws InterruptedException {
        String key = TestKeys.ownedBy(cluster, 2, "k", "");
        List<LongAdder> remote = new ArrayList<>();
        List<ClusterLoad.Node> nodes = nodes(cluster, "b4j-kill", remote, manager -> {
            var bucket = manager.builder().withOptimization(Optimizations.predicting(delay())).build(key, () -> CONFIG);
            return () -> bucket.tryConsume(1);
        });
        ClusterLoad.Result r = ClusterLoad.run(nodes, OFFERED, RUN, new ClusterLoad.Disruption(2, RUN.dividedBy(4), () -> cluster.terminate(2)));
        report("owner killed at " + RUN.dividedBy(4).toMillis() + " ms, sync API, predicting", r, remote);
    }

    private static List<ClusterLoad.Node> nodes(TestMembers cluster, String map, List<LongAdder> remote,
                                                Function<CountingProxyManager, ClusterLoad.Decider> decider) {
        List<ClusterLoad.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LongAdder calls = new LongAdder();
            remote.add(calls);
            IMap<String, byte[]> imap = cluster.get(i).getMap(map);
            nodes.add(new ClusterLoad.Node("node-" + (i + 1), SHARES[i], decider.apply(new CountingProxyManager(imap, calls))));
        }
        return nodes;
    }

    private static boolean bounded(CompletableFuture<Boolean> decision, Duration bound, LongAdder timeouts) {
        try {
            return decision.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (timeouts != null) {
                timeouts.increment();
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(String name, ClusterLoad.Result r, List<LongAdder> remote) {
        double seconds = r.duration().toNanos() / 1e9;
        long calls = remote.stream().mapToLong(LongAdder::sum).sum();
        StringBuilder perNode = new StringBuilder();
        for (int i = 0; i < r.nodes().size(); i++) {
            var n = r.nodes().get(i);
            perNode.append(String.format(" %s: offered %d, admitted %d, remote %.1f%%, max latency %d ms;", n.name,
                    n.offered.sum(), n.admitted.sum(), 100.0 * remote.get(i).sum() / Math.max(1, n.offered.sum()),
                    n.maxLatencyNanos.get() / 1_000_000));
        }
        System.out.printf("BUCKET4J %s: configured %d/s, admitted %.1f/s (ratio %.3f), remote calls %.1f%% of decisions, "
                        + "max latency %d ms, errors %d |%s%n",
                name, RATE, r.admitted() / seconds, r.admitted() / seconds / RATE, 100.0 * calls / Math.max(1, r.offered()),
                r.maxLatencyNanos() / 1_000_000, r.errors(), perNode);
    }

    /** Counts every request the proxy manager sends to the grid. */
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

    /** Holds the partition thread, as an owner that stopped answering would. */
    private record Stall(long millis) implements EntryProcessor<String, byte[], Object> {

        @Override
        public Object process(Map.Entry<String, byte[]> entry) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public EntryProcessor<String, byte[], Object> getBackupProcessor() {
            return null;
        }
    }
}
