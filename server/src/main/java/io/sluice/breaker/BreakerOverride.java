package io.sluice.breaker;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * An operator's decision about one breaker, with who made it, when and why. Overrides are never
 * deleted: going back to automatic is itself an override ({@link Mode#AUTO}), so the last action on
 * every breaker stays visible.
 *
 * <p>Which of two overrides is newer is decided by {@code sequence} first, then {@code at}. The
 * store assigns the sequence (one more than the highest it knows for that breaker) under
 * compare-and-set, so within one cluster history a later action always wins even when the nodes'
 * clocks disagree; the timestamp only decides between overrides that were made independently with
 * the same sequence (two halves of a split cluster, or data folders restored after diverging).
 * Actor, mode and reason break the last ties so that every node picks the same winner.
 */
public record BreakerOverride(String breaker, Mode mode, String actor, String reason, Instant at, long sequence) {

    /** What the operator wants; maps onto Resilience4j's FORCED_OPEN, DISABLED and CLOSED (or METRICS_ONLY). */
    public enum Mode { FORCED_OPEN, FORCED_CLOSED, AUTO }

    /** Newest last. */
    public static final Comparator<BreakerOverride> ORDER = Comparator.comparingLong(BreakerOverride::sequence)
            .thenComparing(BreakerOverride::at)
            .thenComparing(BreakerOverride::actor)
            .thenComparing(BreakerOverride::mode)
            .thenComparing(BreakerOverride::reason);

    public BreakerOverride {
        if (breaker == null || breaker.isBlank()) {
            throw new IllegalArgumentException("breaker: a breaker name is required");
        }
        Objects.requireNonNull(mode, "mode");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor: who made the change is required");
        }
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(at, "at");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: " + sequence + " is negative");
        }
    }

    /** An operator action before the store has given it its sequence. */
    public static BreakerOverride request(String breaker, Mode mode, String actor, String reason, Instant at) {
        return new BreakerOverride(breaker, mode, actor, reason, at, 0);
    }

    public BreakerOverride withSequence(long next) {
        return new BreakerOverride(breaker, mode, actor, reason, at, next);
    }

    public boolean isNewerThan(BreakerOverride other) {
        return other == null || ORDER.compare(this, other) > 0;
    }

    @Override
    public String toString() {
        return breaker + " " + mode + " by " + actor + " at " + at + " #" + sequence + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
