package io.sluice.monitor.limits;

/**
 * One rate-limit policy on one node as the table shows it: the node's counters, and the rates the
 * view model worked out from the previous refresh. A rate is {@link Double#NaN} when there is no
 * previous reading to compare with, or the counters went down (the node restarted or reloaded the
 * policy), so a reset never shows as a huge negative rate.
 *
 * @param waitedNanos       total time shaped requests waited
 * @param admittedPerSecond admitted decisions per second since the previous refresh, or NaN
 * @param rejectedPerSecond rejected (429) decisions per second since the previous refresh, or NaN
 */
public record LimitRow(String node, String policy, String scope, long admitted, long rejected, long shaped,
                       long waitedNanos, long remoteCalls, long remoteFailures, long fallbacks, int keys,
                       double admittedPerSecond, double rejectedPerSecond) {

    /** True once two readings of the same counters gave a rate. */
    public boolean hasRates() {
        return !Double.isNaN(admittedPerSecond);
    }

    /** The mean wait of a shaped request in milliseconds; 0 when none waited. */
    public double averageWaitMillis() {
        return shaped == 0 ? 0 : waitedNanos / (double) shaped / 1_000_000.0;
    }
}
