package io.sluice.health;

/**
 * One endpoint's health as an immutable value, swapped atomically by {@link EndpointHealth}.
 * Times are epoch milliseconds; {@link #NEVER} marks "not ejected" and "never returned".
 *
 * @param checksPassed  active checks passed in a row
 * @param checksFailed  active checks failed in a row
 * @param streak        ejections in a row without a quiet period in between; multiplies the ejection time
 * @param returnedAt    when the last ejection ended
 */
record HealthState(boolean healthy, int checksPassed, int checksFailed, long ejectedUntil, int ejections,
                   int streak, long returnedAt, CheckResult lastCheck) {

    static final long NEVER = Long.MIN_VALUE;
    static final HealthState INITIAL = new HealthState(true, 0, 0, NEVER, 0, 0, NEVER, null);

    boolean ejectedAt(long now) {
        return ejectedUntil != NEVER && now < ejectedUntil;
    }

    /** An ejection whose time is over but which nobody has ended yet. */
    boolean ejectionOverAt(long now) {
        return ejectedUntil != NEVER && now >= ejectedUntil;
    }

    HealthStatus statusAt(long now) {
        return !healthy ? HealthStatus.UNHEALTHY : ejectedAt(now) ? HealthStatus.EJECTED : HealthStatus.HEALTHY;
    }

    HealthState checked(CheckResult result, int healthyThreshold, int unhealthyThreshold) {
        if (result.passed()) {
            int passed = Math.min(checksPassed, 1_000_000) + 1; // saturates: only the comparison with a threshold matters
            return new HealthState(healthy || passed >= healthyThreshold, passed, 0, ejectedUntil, ejections, streak,
                    returnedAt, result);
        }
        int failed = Math.min(checksFailed, 1_000_000) + 1;
        return new HealthState(healthy && failed < unhealthyThreshold, 0, failed, ejectedUntil, ejections, streak,
                returnedAt, result);
    }

    HealthState ejected(long until, int newStreak) {
        return new HealthState(healthy, checksPassed, checksFailed, until, ejections + 1, newStreak, returnedAt, lastCheck);
    }

    HealthState returned() {
        return new HealthState(healthy, checksPassed, checksFailed, NEVER, ejections, streak, ejectedUntil, lastCheck);
    }
}
