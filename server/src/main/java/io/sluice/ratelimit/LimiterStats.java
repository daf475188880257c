package io.sluice.ratelimit;

/**
 * Counters of one policy on this node since it was configured, for metrics and the monitor.
 *
 * @param shaped        admitted requests that waited for their token (shape mode)
 * @param waitedNanos   total time those requests waited
 * @param remoteCalls   decisions that went to Hazelcast (lease requests); the rest were decided locally
 * @param remoteFailures remote calls that timed out or failed
 * @param fallbacks     decisions taken from this node's share of the limit because Hazelcast did not answer
 * @param keys          client keys currently tracked on this node
 */
public record LimiterStats(String policyId, String scope, long admitted, long rejected, long shaped, long waitedNanos,
                           long remoteCalls, long remoteFailures, long fallbacks, int keys) {
}
