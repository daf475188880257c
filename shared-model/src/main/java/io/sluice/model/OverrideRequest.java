package io.sluice.model;

/**
 * Body of {@code POST /admin/v1/breakers/overrides}: the breaker's name, {@code forced-open},
 * {@code forced-closed} or {@code auto}, and a reason (required; recorded with the actor).
 */
public record OverrideRequest(String breaker, String mode, String reason) {
}
