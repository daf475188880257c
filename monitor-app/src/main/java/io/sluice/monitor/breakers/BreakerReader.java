package io.sluice.monitor.breakers;

import io.sluice.model.BreakersView;

/**
 * Reads every breaker of the cluster. One member's {@code GET /admin/v1/breakers} is enough: it
 * lists its own breakers live and every other live member's as they published them (at most a
 * couple of seconds old), plus the newest operator action per breaker. The app implements it as
 * {@code () -> session.any().breakers()}.
 */
@FunctionalInterface
public interface BreakerReader {

    /** Blocking; called off the UI thread. Throws what the admin client throws. */
    BreakersView read();
}
