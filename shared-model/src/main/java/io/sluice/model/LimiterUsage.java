package io.sluice.model;

/**
 * One rate-limit policy on this node since it was configured: decisions (admitted, rejected with
 * 429, shaped = admitted after waiting, and the total wait), how many went to the cluster and how
 * many failed there and fell back to this node's share, and how many client keys are tracked.
 */
public record LimiterUsage(String policyId, String scope, long admitted, long rejected, long shaped, long waitedNanos,
                           long remoteCalls, long remoteFailures, long fallbacks, int keys) {
}
