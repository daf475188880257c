package io.sluice.health;

import java.time.Instant;

/** A change of an endpoint's {@link HealthStatus}, published after the change took effect. */
public record HealthEvent(String upstream, String endpoint, HealthStatus from, HealthStatus to, String why, Instant at) {

    @Override
    public String toString() {
        return upstream + " " + endpoint + " " + from + " -> " + to + " at " + at + ": " + why;
    }
}
