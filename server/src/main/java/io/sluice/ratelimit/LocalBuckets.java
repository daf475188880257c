package io.sluice.ratelimit;

/** Buckets of a local-scope policy (or any policy on a node without a cluster): no coordination at all. */
final class LocalBuckets implements Buckets {

    private final KeyedTable<LocalBucket> table;
    private final long maxDelay;

    LocalBuckets(Gcra gcra, long maxDelay, Tuning tuning) {
        this.maxDelay = maxDelay;
        this.table = new KeyedTable<>(key -> new LocalBucket(gcra), LocalBucket::fullAt,
                tuning.idleEviction().toNanos(), tuning.maxKeysPerPolicy());
    }

    @Override
    public Slot take(String clientKey, long now) {
        return table.get(clientKey, now).take(now, maxDelay);
    }

    @Override
    public int keys() {
        return table.size();
    }
}
