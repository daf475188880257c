package io.sluice.ratelimit;

/** Where one policy's tokens come from: this node alone ({@link LocalBuckets}) or the cluster ({@link ClusterBuckets}). */
interface Buckets {

    /** Takes one token for {@code clientKey} at {@code now} (epoch nanos), or says when to retry. */
    Slot take(String clientKey, long now);

    /** Client keys currently held in memory on this node. */
    int keys();
}
