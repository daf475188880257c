package io.sluice.model;

/**
 * One breaker on one node. {@code state} is Resilience4j's (CLOSED, OPEN, HALF_OPEN, FORCED_OPEN,
 * DISABLED, METRICS_ONLY); {@code mode} is the operator's (FORCED_OPEN, FORCED_CLOSED, AUTO). Rates
 * are percentages over the breaker's sliding window and -1 while it holds fewer calls than the
 * breaker's minimum; {@code endpoint} is null for an upstream-scoped breaker.
 */
public record BreakerInfo(String node, String name, String upstream, String endpoint, String state, String mode,
                          float failureRate, float slowCallRate, int callsInWindow, Transition lastTransition) {

    /** The breaker's last state change on that node (null until it first changed). */
    public record Transition(String from, String to, String at) {
    }
}
