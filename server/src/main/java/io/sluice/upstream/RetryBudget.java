package io.sluice.upstream;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Caps retries at a share of recent traffic so that retries cannot multiply the load on an
 * upstream that is already failing (the "retry storm"). Requests and retries are counted in ten
 * one-second buckets; a retry is allowed while retries stay under
 * {@code percent}% of requests plus {@code minPerSecond} per second of window.
 *
 * <p>Lock-free and approximate at bucket edges, which is fine for a budget.
 */
public final class RetryBudget {

    private static final int BUCKETS = 10;

    private final InstantSource clock;
    private final int percent;
    private final int minPerSecond;
    private final AtomicLongArray requests = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray retries = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray stamps = new AtomicLongArray(BUCKETS);

    public RetryBudget(InstantSource clock, int percent, int minPerSecond) {
        this.clock = clock;
        this.percent = percent;
        this.minPerSecond = minPerSecond;
    }

    public void onRequest() {
        requests.incrementAndGet(bucket());
    }

    /** Takes one retry from the budget, or answers false when the budget is spent. */
    public boolean tryRetry() {
        int idx = bucket();
        long second = clock.millis() / 1000;
        long reqs = 0;
        long done = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (second - stamps.get(i) < BUCKETS) {
                reqs += requests.get(i);
                done += retries.get(i);
            }
        }
        long allowed = reqs * percent / 100 + (long) minPerSecond * BUCKETS;
        if (done >= allowed) {
            return false;
        }
        retries.incrementAndGet(idx);
        return true;
    }

    private int bucket() {
        long second = clock.millis() / 1000;
        int idx = (int) (second % BUCKETS);
        long stamp = stamps.get(idx);
        if (stamp != second && stamps.compareAndSet(idx, stamp, second)) {
            requests.set(idx, 0);
            retries.set(idx, 0);
        }
        return idx;
    }
}
