package io.sluice.monitor.traces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Arrivals per second over the last second, from the running total sampled at each drain. Keeps
 * the newest sample that is at least a second old as the baseline, so the window is one second
 * plus at most one drain period; before a second has passed it uses the first sample.
 */
final class ArrivalRate {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private record Sample(Instant at, long total) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    ArrivalRate(Instant start) {
        samples.add(new Sample(start, 0));
    }

    /** Records {@code total} arrivals so far at {@code now}; returns the rate per second. */
    double update(Instant now, long total) {
        samples.addLast(new Sample(now, total));
        Instant windowStart = now.minus(WINDOW);
        while (samples.size() > 2) {
            Sample first = samples.pollFirst();
            if (samples.peekFirst().at().isAfter(windowStart)) {
                samples.addFirst(first);
                break;
            }
        }
        Sample base = samples.peekFirst();
        long nanos = Duration.between(base.at(), now).toNanos();
        return nanos <= 0 ? 0 : (total - base.total()) * 1e9 / nanos;
    }
}
