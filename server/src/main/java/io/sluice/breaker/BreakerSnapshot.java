package io.sluice.breaker;

/**
 * What one breaker on one node looks like now. Rates are percentages over the sliding window and
 * -1 while the window holds fewer than {@code minimumCalls} (Resilience4j does not compute a rate
 * it would not act on). {@code endpoint} is null for an upstream-scoped breaker; {@code override}
 * is the operator action in force (null when there never was one); {@code lastTransition} is null
 * until the breaker first changes state.
 */
public record BreakerSnapshot(String name, String upstream, String endpoint, BreakerState state,
                              BreakerOverride.Mode mode, float failureRate, float slowCallRate, int callsInWindow,
                              BreakerTransition lastTransition, BreakerOverride override) {
}
