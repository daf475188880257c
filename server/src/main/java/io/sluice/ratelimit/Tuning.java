package io.sluice.ratelimit;

import java.time.Duration;

/**
 * The knobs of cluster coordination, fixed in code rather than config because they trade accuracy
 * against remote calls in ways an operator cannot judge per policy.
 *
 * @param remoteTimeout   longest a request waits for Hazelcast before it is decided from the fallback
 * @param leaseWindow     a lease holds at most this much of the cluster-wide rate (and at most the burst)
 * @param leaseHorizon    a node asks for about this much of its own recent demand per lease
 * @param leaseTtl        unused leased tokens go back to the central bucket after this
 * @param fallbackRetry   after a failed remote call, how long the node decides alone before it tries again
 * @param pendingGiveUp   how long a timed-out call may stay unanswered before the node stops waiting for it
 * @param idleEviction    per-key state untouched this long (and holding nothing) is dropped
 * @param maxKeysPerPolicy hard cap on per-key state per policy; past it the least recently used keys go
 * @param mapName         the IMap holding the central buckets
 */
record Tuning(Duration remoteTimeout, Duration leaseWindow, Duration leaseHorizon, Duration leaseTtl,
              Duration fallbackRetry, Duration pendingGiveUp, Duration idleEviction, int maxKeysPerPolicy,
              String mapName) {

    static final String MAP_NAME = "sluice.ratelimit.buckets";

    static Tuning defaults() {
        return new Tuning(Duration.ofMillis(250), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), 100_000, MAP_NAME);
    }
}
