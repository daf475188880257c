package io.sluice.ratelimit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Buckets of a cluster-scope policy: one central bucket per client key in an IMap entry, and on
 * each node a {@link LeasedBucket} that decides from tokens leased from it in batches.
 *
 * <p>The central entry is keyed {@code <policy id>/<client key>} (a policy id has no '/'); it holds
 * only the bucket's time, so a changed rate or burst applies to the same entry at once and a policy
 * removed from the config leaves entries that expire on their own.
 */
final class ClusterBuckets implements Buckets {

    private final KeyedTable<LeasedBucket> table;
    private final HazelcastInstance hz;
    private volatile int lastKnownMembers = 1;

    ClusterBuckets(String policyId, Gcra gcra, long maxDelay, Tuning tuning, HazelcastInstance hz, Counters counters) {
        this.hz = hz;
        IMap<String, Long> map = hz.getMap(tuning.mapName());
        long maxLease = Math.max(1, Math.min(gcra.burst(), tuning.leaseWindow().toNanos() / gcra.intervalNanos()));
        LeasedBucket.Shared shared = new LeasedBucket.Shared(map, gcra, maxDelay, maxLease, tuning, counters, this::members);
        this.table = new KeyedTable<>(key -> new LeasedBucket(policyId + "/" + key, shared), LeasedBucket::holdsNothing,
                tuning.idleEviction().toNanos(), tuning.maxKeysPerPolicy());
    }

    @Override
    public Slot take(String clientKey, long now) {
        return table.get(clientKey, now).take(now);
    }

    @Override
    public int keys() {
        return table.size();
    }

    /**
     * Members as this node sees them: the divisor of the fallback share. A member that died still
     * counts until failure detection removes it, which makes the survivors stricter, not looser.
     */
    private int members() {
        try {
            lastKnownMembers = Math.max(1, hz.getCluster().getMembers().size());
        } catch (RuntimeException e) {
            // the local member is shutting down: keep the last count rather than act alone at the full rate
        }
        return lastKnownMembers;
    }
}
