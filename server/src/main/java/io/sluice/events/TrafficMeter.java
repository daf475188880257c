package io.sluice.events;

import io.sluice.observe.AccessLog;
import io.sluice.observe.AccessRecord;
import io.sluice.observe.RequestMetrics;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests, 5xx answers and a latency histogram, fed with every finished request's access record
 * and read once a second ({@link LiveEvents}) as the traffic of that second. Each request costs two or three
 * {@link LongAdder} increments and no allocation; the reader diffs cumulative sums, so no count is
 * lost to a reset racing with a request.
 */
public final class TrafficMeter implements AccessLog {

    /**
     * Upper bounds in microseconds, taken from the Prometheus histogram
     * {@code sluice_request_duration_seconds} ({@link RequestMetrics#BUCKETS}), so both tell the same story.
     */
    static final long[] BOUNDS_MICROS = Arrays.stream(RequestMetrics.BUCKETS).mapToLong(s -> Math.round(s * 1e6)).toArray();

    /** One interval's traffic: rates per second and latency percentiles in milliseconds (0 when no request finished). */
    public record Window(double requestsPerSecond, double errorsPerSecond, double p50Millis, double p99Millis) {
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** One per bound, and a last one for slower requests. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private long lastRequests;
    private long lastErrors;
    private final long[] lastBuckets = new long[buckets.length];
    private long lastMillis;

    public TrafficMeter(long nowMillis) {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
        this.lastMillis = nowMillis;
    }

    @Override
    public void log(AccessRecord r) {
        requests.increment();
        if (r.status() >= 500 && r.status() <= 599) {
            errors.increment();
        }
        buckets[bucket(r.totalMicros())].increment();
    }

    private static int bucket(long micros) {
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        return i;
    }

    /** The traffic since the previous call (or since construction). Called by one thread at a time. */
    public synchronized Window sample(long nowMillis) {
        double seconds = Math.max(1, nowMillis - lastMillis) / 1000.0;
        lastMillis = nowMillis;
        long r = requests.sum();
        long e = errors.sum();
        double rps = (r - lastRequests) / seconds;
        double eps = (e - lastErrors) / seconds;
        lastRequests = r;
        lastErrors = e;
        long[] counts = new long[buckets.length];
        long total = 0;
        for (int i = 0; i < buckets.length; i++) {
            long now = buckets[i].sum();
            counts[i] = now - lastBuckets[i];
            lastBuckets[i] = now;
            total += counts[i];
        }
        return new Window(rps, eps, percentile(counts, total, 0.50), percentile(counts, total, 0.99));
    }

    /**
     * The {@code q} quantile in milliseconds, interpolated linearly inside its bucket as Prometheus'
     * {@code histogram_quantile} does; requests past the last bound count as the last bound.
     */
    static double percentile(long[] counts, long total, double q) {
        if (total == 0) {
            return 0;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                if (i == BOUNDS_MICROS.length) {
                    return BOUNDS_MICROS[i - 1] / 1000.0;
                }
                long lower = i == 0 ? 0 : BOUNDS_MICROS[i - 1];
                double micros = lower + (BOUNDS_MICROS[i] - lower) * ((rank - below) / counts[i]);
                return micros / 1000.0;
            }
            below += counts[i];
        }
        return BOUNDS_MICROS[BOUNDS_MICROS.length - 1] / 1000.0;
    }
}
