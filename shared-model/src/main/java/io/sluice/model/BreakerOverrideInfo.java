package io.sluice.model;

/**
 * An operator's action on a breaker, cluster-wide: the mode forced, who (the CN of their client
 * certificate), why, when, and its sequence (later actions have higher ones).
 */
public record BreakerOverrideInfo(String breaker, String mode, String actor, String reason, String at, long sequence) {
}
