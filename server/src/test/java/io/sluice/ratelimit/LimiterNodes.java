package io.sluice.ratelimit;

import io.sluice.cluster.TestMembers;
import io.sluice.config.RateLimitConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link RateLimiters} per test member, as each gateway node has, and the uneven load the goals
 * are stated for: 2000/s offered against a 1000/s cluster-wide limit, split 70/20/10.
 */
final class LimiterNodes {

    static final long RATE = 1000;
    static final double OFFERED = 2000;
    private static final double[] SHARES = {0.7, 0.2, 0.1};

    private LimiterNodes() {
    }

    /**
     * Limiters on every member, once the partitions have settled: right after members join,
     * Hazelcast migrates partitions, calls on them wait for the migration, and the limiters would
     * (correctly) fall back for a few seconds, which is not what the healthy-cluster numbers measure.
     */
    static List<RateLimiters> start(TestMembers cluster, RateLimitConfig policy) {
        awaitClusterSafe(cluster);
        List<RateLimiters> nodes = new ArrayList<>();
        for (int i = 0; i < cluster.all().size(); i++) {
            RateLimiters limiters = new RateLimiters("node-" + (i + 1), Clock.systemUTC(), cluster.get(i));
            limiters.configure(List.of(policy));
            nodes.add(limiters);
        }
        return nodes;
    }

    private static void awaitClusterSafe(TestMembers cluster) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!cluster.all().stream().allMatch(m -> m.getPartitionService().isClusterSafe())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions did not settle within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static List<ClusterLoad.Node> load(List<RateLimiters> nodes, RateLimitConfig policy) {
        List<ClusterLoad.Node> load = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            RateLimiters limiters = nodes.get(i);
            load.add(new ClusterLoad.Node("node-" + (i + 1), SHARES[i], () -> limiters.acquire(policy.id(), "").admitted()));
        }
        return load;
    }

    /** The nodes' own counters, which is where remote calls and fallbacks are known. */
    record Measured(long decisions, long remoteCalls, long remoteFailures, long fallbacks, List<LimiterStats> stats) {

        static Measured of(List<RateLimiters> nodes, int... indexes) {
            List<LimiterStats> stats = new ArrayList<>();
            for (int i : indexes) {
                stats.add(nodes.get(i).stats().getFirst());
            }
            return new Measured(stats.stream().mapToLong(s -> s.admitted() + s.rejected()).sum(),
                    stats.stream().mapToLong(LimiterStats::remoteCalls).sum(),
                    stats.stream().mapToLong(LimiterStats::remoteFailures).sum(),
                    stats.stream().mapToLong(LimiterStats::fallbacks).sum(), stats);
        }

        double remoteShare() {
            return decisions == 0 ? 0 : remoteCalls / (double) decisions;
        }

        /** Per node: offered, admitted (and per second), and for measured nodes remote-call share and fallbacks. */
        String perNode(ClusterLoad.Result r) {
            StringBuilder out = new StringBuilder();
            double seconds = r.duration().toNanos() / 1e9;
            for (int i = 0; i < r.nodes().size(); i++) {
                var n = r.nodes().get(i);
                out.append(String.format(" %s: offered %d, admitted %d (%.1f/s)", n.name, n.offered.sum(), n.admitted.sum(),
                        n.admitted.sum() / seconds));
                if (i < stats.size()) {
                    LimiterStats s = stats.get(i);
                    out.append(String.format(", remote %.2f%%, fallbacks %d",
                            100.0 * s.remoteCalls() / Math.max(1, s.admitted() + s.rejected()), s.fallbacks()));
                }
                out.append(';');
            }
            return out.toString();
        }
    }
}
