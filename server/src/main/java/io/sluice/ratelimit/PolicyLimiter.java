package io.sluice.ratelimit;

import io.sluice.config.RateLimitConfig;
import java.time.Instant;
import java.time.InstantSource;

/**
 * One configured policy on this node: takes a token from its {@link Buckets}, parks a shaped
 * request until its token falls due, counts the outcome and turns it into a {@link Decision}.
 */
final class PolicyLimiter {

    private static final long SECOND = 1_000_000_000L;

    private final RateLimitConfig config;
    private final String scope;
    private final QuotaPolicy quota;
    private final Buckets buckets;
    private final InstantSource clock;
    private final Parker parker;
    private final Counters counters;

    PolicyLimiter(RateLimitConfig config, String scope, Buckets buckets, InstantSource clock, Parker parker, Counters counters) {
        this.config = config;
        this.scope = scope;
        this.quota = QuotaPolicy.of(config);
        this.buckets = buckets;
        this.clock = clock;
        this.parker = parker;
        this.counters = counters;
    }

    RateLimitConfig config() {
        return config;
    }

    Decision acquire(String clientKey) {
        long now = epochNanos(clock.instant());
        Slot slot = buckets.take(clientKey, now);
        if (!slot.granted()) {
            counters.rejected.increment();
            return Decision.rejected(quota, secondsUntil(slot.retryAt(), now));
        }
        long wait = slot.dueAt() - now;
        if (wait > 0) {
            try {
                parker.park(wait);
            } catch (InterruptedException e) {
                // the token is spent; the request is going away anyway (client gone or node stopping)
                Thread.currentThread().interrupt();
                counters.rejected.increment();
                return Decision.rejected(quota, 1);
            }
            counters.shaped.increment();
            counters.waitedNanos.add(wait);
        }
        counters.admitted.increment();
        return Decision.admitted(quota, Math.max(0, wait), slot.remaining(), secondsUntil(slot.fullAt(), now));
    }

    LimiterStats stats() {
        return counters.snapshot(config.id(), scope, buckets.keys());
    }

    /** Whole seconds, rounded up, as delay-seconds in Retry-After and the draft's {@code t} are. */
    static long secondsUntil(long at, long now) {
        long nanos = at - now;
        return nanos <= 0 ? 0 : (nanos + SECOND - 1) / SECOND;
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }
}
