package io.sluice.monitor.overview;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the three overview charts show at one moment: per node and for the whole cluster, requests
 * per second, error rate (5xx as a percentage of requests) and p99 latency over the last
 * {@code windowSeconds}. Plain data (no JavaFX chart classes): the view turns each {@link Series}
 * into a chart line with x = {@code point.second - endSecond}, i.e. seconds before now.
 *
 * <p>The cluster line is the sum of the nodes' requests per second, all nodes' 5xx over all their
 * requests, and the highest p99 of any node (a percentile cannot be summed, and the worst node is
 * what an operator looks for). It stops at the last second every still-reporting node has sent,
 * so its newest point does not dip while a node's snapshot for that second is on its way; a node
 * that stopped reporting (down) does not hold it back.
 *
 * @param endSecond the epoch second the window ends at (now, by the monitor's clock)
 */
public record Charts(long endSecond, int windowSeconds, List<Series> requests, List<Series> errorRate,
                     List<Series> p99) {

    /** The name of the line that aggregates all nodes. */
    public static final String CLUSTER = "cluster";

    /** A node that sent nothing for this many seconds no longer holds back the cluster line. */
    static final long STALE_SECONDS = 3;

    public Charts {
        requests = List.copyOf(requests);
        errorRate = List.copyOf(errorRate);
        p99 = List.copyOf(p99);
    }

    /** One value at one epoch second. */
    public record Point(long second, double value) {
    }

    /** One chart line: a node's id or {@link #CLUSTER}, and its points oldest first. */
    public record Series(String name, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    static Charts empty(long endSecond, int windowSeconds) {
        return new Charts(endSecond, windowSeconds, List.of(), List.of(), List.of());
    }

    /** True when no line has a point. */
    public boolean isEmpty() {
        return requests.stream().allMatch(s -> s.points().isEmpty());
    }

    /** The line named {@code name} of {@code lines}, or null. */
    public static Series find(List<Series> lines, String name) {
        return lines.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The charts for {@code nodes} (already trimmed to the window), in the order given, with the
     * cluster line last so that every chart colours the same node the same way.
     */
    static Charts of(Map<String, MetricSeries> nodes, long endSecond, int windowSeconds) {
        List<Series> rps = new ArrayList<>();
        List<Series> errors = new ArrayList<>();
        List<Series> p99 = new ArrayList<>();
        TreeMap<Long, double[]> cluster = new TreeMap<>(); // second -> {requests, errors, max p99}
        nodes.forEach((node, series) -> {
            if (series.isEmpty()) {
                return;
            }
            List<Point> r = new ArrayList<>();
            List<Point> e = new ArrayList<>();
            List<Point> p = new ArrayList<>();
            for (MetricSeries.Sample s : series.samples()) {
                r.add(new Point(s.second(), s.requestsPerSecond()));
                e.add(new Point(s.second(), s.errorRatePercent()));
                p.add(new Point(s.second(), s.p99Millis()));
                double[] sum = cluster.computeIfAbsent(s.second(), k -> new double[3]);
                sum[0] += s.requestsPerSecond();
                sum[1] += s.errorsPerSecond();
                sum[2] = Math.max(sum[2], s.p99Millis());
            }
            rps.add(new Series(node, r));
            errors.add(new Series(node, e));
            p99.add(new Series(node, p));
        });
        if (cluster.isEmpty()) {
            return empty(endSecond, windowSeconds);
        }
        long complete = complete(nodes, endSecond);
        List<Point> r = new ArrayList<>();
        List<Point> e = new ArrayList<>();
        List<Point> p = new ArrayList<>();
        cluster.headMap(complete, true).forEach((second, sum) -> {
            r.add(new Point(second, sum[0]));
            e.add(new Point(second, MetricSeries.errorRate(sum[0], sum[1])));
            p.add(new Point(second, sum[2]));
        });
        rps.add(new Series(CLUSTER, r));
        errors.add(new Series(CLUSTER, e));
        p99.add(new Series(CLUSTER, p));
        return new Charts(endSecond, windowSeconds, rps, errors, p99);
    }

    /** The last second every node that still reports has sent; the newest of all if none reports. */
    private static long complete(Map<String, MetricSeries> nodes, long endSecond) {
        long newest = Long.MIN_VALUE;
        long complete = Long.MAX_VALUE;
        for (MetricSeries s : nodes.values()) {
            long latest = s.latest();
            newest = Math.max(newest, latest);
            if (!s.isEmpty() && latest >= endSecond - STALE_SECONDS) {
                complete = Math.min(complete, latest);
            }
        }
        return complete == Long.MAX_VALUE ? newest : complete;
    }
}
