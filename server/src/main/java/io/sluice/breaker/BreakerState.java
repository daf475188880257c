package io.sluice.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Resilience4j's breaker states under our own name, so that what is published to the cluster and
 * shown by the monitor does not depend on the library's classes. FORCED_OPEN and DISABLED only
 * come from operator overrides; METRICS_ONLY is an automatic breaker whose config says
 * {@code enabled: false}.
 */
public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, METRICS_ONLY;

    static BreakerState of(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> CLOSED;
            case OPEN -> OPEN;
            case HALF_OPEN -> HALF_OPEN;
            case FORCED_OPEN -> FORCED_OPEN;
            case DISABLED -> DISABLED;
            case METRICS_ONLY -> METRICS_ONLY;
        };
    }
}
