package io.sluice.ratelimit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Leases tokens from a central bucket, run by Hazelcast on the partition that owns the bucket, so
 * that concurrent leases from all nodes apply one after another without locks or retries. The
 * entry value is the bucket's {@link Gcra} time and nothing else.
 *
 * <p>The caller's clock is passed in ({@code now}) rather than read here, so the backup replica,
 * which runs this same processor, computes exactly what the primary did. Clocks of different nodes
 * may differ a little: a node whose clock runs ahead makes the bucket refill early once, by the
 * skew, and the others then see no refill until their clocks catch up; the long-run rate holds.
 *
 * <p>The entry expires once the bucket would be full again (plus a second), because a full bucket
 * and a missing one mean the same; so idle client keys cost the cluster nothing.
 */
record LeaseProcessor(long now, long intervalNanos, long burst, long want, long min, long maxDelay, long giveBack)
        implements EntryProcessor<String, Long, LeaseGrant> {

    private static final long KEEP_AFTER_FULL_MILLIS = 1_000;

    @Override
    public LeaseGrant process(Map.Entry<String, Long> entry) {
        Gcra gcra = new Gcra(intervalNanos, burst);
        Long stored = entry.getValue();
        long tat = stored == null ? 0 : stored;
        if (giveBack > 0) {
            tat = gcra.giveBack(tat, now, giveBack);
        }
        Gcra.Grant grant = gcra.take(tat, now, want, min, maxDelay);
        long next = grant.granted() > 0 ? grant.tat() : tat;
        if (stored == null ? next > now : next != stored) {
            long ttl = Math.max(0, next - now) / 1_000_000 + KEEP_AFTER_FULL_MILLIS;
            if (entry instanceof ExtendedMapEntry<String, Long> timed) {
                timed.setValue(next, ttl, TimeUnit.MILLISECONDS);
            } else {
                entry.setValue(next);
            }
        }
        return new LeaseGrant(grant.granted(), grant.firstDue(), grant.retryAt(), gcra.remaining(next, now), gcra.fullAt(next, now));
    }
}
