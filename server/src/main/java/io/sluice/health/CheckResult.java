package io.sluice.health;

import java.time.Duration;
import java.time.Instant;

/**
 * One active check of one endpoint: when it started, whether it passed, the status it got (-1 when
 * no response arrived), how long it took and a short description for operators.
 */
public record CheckResult(Instant at, boolean passed, int status, Duration took, String detail) {

    public static CheckResult passed(Instant at, int status, Duration took) {
        return new CheckResult(at, true, status, took, "status " + status);
    }

    public static CheckResult failed(Instant at, int status, Duration took, String detail) {
        return new CheckResult(at, false, status, took, detail);
    }
}
