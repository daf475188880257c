package io.sluice.health;

import java.time.Instant;

/**
 * An endpoint's health as the admin API shows it.
 *
 * @param healthy             per active checks (always true without them)
 * @param ejectedUntil        end of the current ejection, null when not ejected
 * @param ejectionCount       ejections since the upstream was built
 * @param consecutiveFailures real requests failed in a row (passive accounting)
 * @param lastCheck           the latest active check, null before the first one or without checks
 */
public record EndpointHealthSnapshot(String endpoint, HealthStatus status, boolean healthy, Instant ejectedUntil,
                                     int ejectionCount, int consecutiveFailures, CheckResult lastCheck) {

    public boolean available() {
        return status == HealthStatus.HEALTHY;
    }
}
