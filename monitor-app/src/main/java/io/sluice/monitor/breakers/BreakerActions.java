package io.sluice.monitor.breakers;

import io.sluice.model.BreakerOverrideInfo;

/**
 * Overrides a breaker on every node ({@code POST /admin/v1/breakers/overrides} on any member; the
 * cluster shares it). The node records the caller's certificate name with the reason and refuses
 * a viewer certificate (403). The app implements it as
 * {@code (breaker, mode, reason) -> session.any().overrideBreaker(breaker, mode, reason)}.
 */
@FunctionalInterface
public interface BreakerActions {

    /** Trip: the mode that forces a breaker open on every node. */
    String TRIP = "forced-open";
    /** Reset: the mode that forces it closed, as {@code sluicectl reset} does. */
    String RESET = "forced-closed";
    /** Back to the breaker's own decisions. */
    String AUTO = "auto";

    /**
     * Blocking; called off the UI thread.
     *
     * @param mode {@link #TRIP}, {@link #RESET} or {@link #AUTO}
     * @return the action as the cluster recorded it (actor, time, sequence)
     */
    BreakerOverrideInfo override(String breaker, String mode, String reason);
}
