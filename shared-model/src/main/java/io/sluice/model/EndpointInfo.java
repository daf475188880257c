package io.sluice.model;

/**
 * One upstream endpoint on this node: requests in flight to it and its health. {@code status} is
 * {@code HEALTHY}, {@code UNHEALTHY} (active checks failed) or {@code EJECTED} (outlier detection,
 * until {@code ejectedUntil}); {@code lastCheck} is null until an active check ran.
 */
public record EndpointInfo(String origin, int inFlight, String status, boolean available, String ejectedUntil,
                           int ejectionCount, int consecutiveFailures, CheckInfo lastCheck) {

    /** The last active health check: when, whether it passed, the status it got, how long it took. */
    public record CheckInfo(String at, boolean passed, int status, long tookMillis, String detail) {
    }
}
