package io.sluice.ratelimit;

import io.sluice.config.RateLimitConfig;

/**
 * Token-bucket arithmetic in the form of the generic cell rate algorithm: a whole bucket is one
 * number, the time ({@code tat}, epoch nanoseconds) at which it will be full again. One long fits
 * an AtomicLong for local buckets and an IMap value for cluster buckets, needs no refill timer, and
 * the same arithmetic serves rejecting (tokens due now) and shaping (tokens due up to a wait ahead).
 *
 * <p>Token {@code k} (1-based) taken from a bucket falls due at {@code max(tat, now) + k*interval
 * - burst*interval}; a bucket that was never used has {@code tat = 0}, which reads as full.
 * {@link RateLimitConfig} bounds rate and burst so that none of these sums overflows.
 */
record Gcra(long intervalNanos, long burst) {

    Gcra {
        if (intervalNanos < 1 || burst < 1) {
            throw new IllegalArgumentException("interval and burst must be positive: " + intervalNanos + ", " + burst);
        }
    }

    static Gcra of(RateLimitConfig policy) {
        return new Gcra(Math.max(1, Math.round(policy.per().toNanos() / (double) policy.rate())), policy.burst());
    }

    /** The bucket one of {@code members} nodes enforces on its own when it cannot reach the others. */
    Gcra shareOf(int members) {
        int n = Math.max(1, members);
        return new Gcra(intervalNanos * n, Math.max(1, burst / n));
    }

    long toleranceNanos() {
        return intervalNanos * burst;
    }

    /**
     * Takes up to {@code want} tokens that fall due no later than {@code now + maxDelay}, but only if
     * at least {@code min(min, want)} do; otherwise takes none and says when that many will.
     */
    Grant take(long tat, long now, long want, long min, long maxDelay) {
        long base = Math.max(tat, now);
        long fits = Math.max(0, (now + maxDelay + toleranceNanos() - base) / intervalNanos);
        long n = Math.min(want, fits);
        long need = Math.max(1, Math.min(min, want));
        if (n < need) {
            return new Grant(0, tat, 0, base + need * intervalNanos - toleranceNanos() - maxDelay);
        }
        return new Grant(n, base + n * intervalNanos, base + intervalNanos - toleranceNanos(), 0);
    }

    /** Puts back tokens taken earlier but never used; a bucket cannot hold more than full. */
    long giveBack(long tat, long now, long tokens) {
        return Math.max(Math.min(tat, now), tat - tokens * intervalNanos);
    }

    /** Whole tokens that could be taken at once at {@code now}. */
    long remaining(long tat, long now) {
        return Math.max(0, Math.min(burst, (now + toleranceNanos() - Math.max(tat, now)) / intervalNanos));
    }

    /** When the bucket will be full again if nobody takes from it. */
    long fullAt(long tat, long now) {
        return Math.max(tat, now);
    }

    /**
     * What {@link #take} decided. {@code firstDue} is the due time of the first granted token; the
     * others follow one interval apart. {@code retryAt} is set only when nothing was granted.
     */
    record Grant(long granted, long tat, long firstDue, long retryAt) {
    }
}
