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
 *
 * <p>The answer comes from whichever member owns the bucket's partition, and open-source members
 * are not authenticated: the requesting node passes every answer through {@link #accept} before
 * using it, which keeps it within what this request could legitimately have been granted (never
 * more tokens than asked for, no due time or retry time outside what the arithmetic allows). A rogue
 * owner can still grant the full request on every call, so the cluster-wide limit leaks on the keys
 * it owns (each node then admits what it asks for); that cannot be prevented without authenticated
 * members (see docs/SECURITY.md).
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

    /**
     * {@code answer} bounded by what {@link #process} can return for this request: granted between 0
     * and {@code want}; the first token due no earlier than a full bucket allows and no later than the
     * shaping wait; a retry time no later than {@code want} intervals ahead (when a bucket that is
     * never more than full has that many again); remaining within the burst.
     */
    LeaseGrant accept(LeaseGrant answer) {
        long tolerance = intervalNanos * burst;
        long granted = Math.clamp(answer.granted(), 0, want);
        long firstDue = granted == 0 ? answer.firstDue() // unused without tokens
                : Math.clamp(answer.firstDue(), now + intervalNanos - tolerance, now + Math.max(0, maxDelay));
        long retryAt = Math.min(answer.retryAt(), now + Math.max(1, want) * intervalNanos);
        long remaining = Math.clamp(answer.remaining(), 0, burst);
        long fullAt = Math.clamp(answer.fullAt(), now, now + tolerance + Math.max(0, maxDelay));
        return new LeaseGrant(granted, firstDue, retryAt, remaining, fullAt);
    }
}
