package io.sluice.breaker;

import java.time.Instant;

/** One state change of one breaker on this node, stamped with the node's clock. */
public record BreakerTransition(String breaker, BreakerState from, BreakerState to, Instant at) {

    @Override
    public String toString() {
        return breaker + " " + from + " -> " + to + " at " + at;
    }
}
