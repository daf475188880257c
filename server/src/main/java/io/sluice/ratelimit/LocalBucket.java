package io.sluice.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One bucket held by this node alone: lock-free, since the whole state is one {@link Gcra} time in
 * an AtomicLong. Serves local-scope policies and the fallback of cluster-scope ones.
 */
final class LocalBucket {

    private final Gcra gcra;
    private final AtomicLong tat = new AtomicLong();

    LocalBucket(Gcra gcra) {
        this.gcra = gcra;
    }

    /** Takes one token due within {@code maxDelay} of {@code now}, or none. */
    Slot take(long now, long maxDelay) {
        while (true) {
            long current = tat.get();
            Gcra.Grant grant = gcra.take(current, now, 1, 1, maxDelay);
            if (grant.granted() == 0) {
                return Slot.rejected(grant.retryAt());
            }
            if (tat.compareAndSet(current, grant.tat())) {
                return Slot.granted(Math.max(now, grant.firstDue()), gcra.remaining(grant.tat(), now), grant.tat());
            }
        }
    }

    /** A full bucket is the same as a new one, so it can be dropped without changing any decision. */
    boolean fullAt(long now) {
        return tat.get() <= now;
    }
}
