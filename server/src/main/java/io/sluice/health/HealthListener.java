package io.sluice.health;

/**
 * Told of every health change. Called on the thread that caused it, which may be a request's
 * thread (an ejection, or the first pick after an ejection ended): implementations must be quick
 * and must not block.
 */
@FunctionalInterface
public interface HealthListener {

    void onChange(HealthEvent event);
}
