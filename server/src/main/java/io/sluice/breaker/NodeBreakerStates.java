package io.sluice.breaker;

import java.time.Instant;
import java.util.List;

/** What one node publishes about its breakers: every breaker now, and its latest transitions (oldest first). */
public record NodeBreakerStates(String node, Instant publishedAt, List<BreakerSnapshot> breakers,
                                List<BreakerTransition> transitions) {

    public NodeBreakerStates {
        breakers = breakers == null ? List.of() : List.copyOf(breakers);
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }
}
