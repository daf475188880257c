package io.sluice.monitor.overview;

import io.sluice.model.MetricsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One node's recent traffic, one sample per second, keyed by the second its snapshot covers (so
 * samples of different nodes for the same second line up in the cluster aggregate). Bounded: it
 * holds at most {@code window} seconds, and {@link #trim} drops what has left the window. A second
 * sent twice (a stream reopened after a reconnect) keeps the later snapshot. UI thread only.
 */
final class MetricSeries {

    /** What the charts need of one snapshot. */
    record Sample(long second, double requestsPerSecond, double errorsPerSecond, double p99Millis) {

        static Sample of(long second, MetricsSnapshot m) {
            return new Sample(second, m.requestsPerSecond(), m.errorsPerSecond(), m.p99Millis());
        }

        /** 5xx answers as a share of all answers, in percent; 0 in a second without requests. */
        double errorRatePercent() {
            return errorRate(requestsPerSecond, errorsPerSecond);
        }
    }

    private final int window;
    private final TreeMap<Long, Sample> samples = new TreeMap<>();

    MetricSeries(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least one second, got " + window);
        }
        this.window = window;
    }

    void add(Sample s) {
        samples.put(s.second(), s);
        while (samples.size() > window) {
            samples.pollFirstEntry();
        }
    }

    /** Drops the samples older than the {@code window} seconds that end with {@code endSecond}. */
    void trim(long endSecond) {
        samples.headMap(endSecond - window, true).clear();
    }

    /** Oldest first. */
    List<Sample> samples() {
        return new ArrayList<>(samples.values());
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The newest second held; {@link Long#MIN_VALUE} when empty. */
    long latest() {
        return samples.isEmpty() ? Long.MIN_VALUE : samples.lastKey();
    }

    static double errorRate(double requestsPerSecond, double errorsPerSecond) {
        if (requestsPerSecond <= 0) {
            return 0;
        }
        return Math.min(100, 100 * errorsPerSecond / requestsPerSecond);
    }
}
