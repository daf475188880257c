package io.sluice.proxy;

import io.sluice.breaker.Breakers;
import io.sluice.ratelimit.RateLimiters;

/**
 * The node-wide guards a request passes before it reaches an upstream, in this order: load
 * shedding (cheapest, protects everything after it), the rate limit of its route, and the circuit
 * breaker of the upstream or endpoint it is about to use. One instance per node, shared by every
 * config snapshot, so a config swap keeps their counters and states.
 */
public record Guards(InFlightLimits inFlight, RateLimiters limiters, Breakers breakers) {
}
