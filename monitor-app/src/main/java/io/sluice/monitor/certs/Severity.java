package io.sluice.monitor.certs;

/**
 * How urgent a certificate's renewal is, by whole days left: under 30 days it is time to plan
 * (the nodes log a warning from 14), under 7 it must be done now, below 0 it has expired and
 * the connections that rely on it fail.
 */
public enum Severity {
    OK(null),
    WARN("warn"),
    DANGER("danger"),
    EXPIRED("expired");

    private final String styleClass;

    Severity(String styleClass) {
        this.styleClass = styleClass;
    }

    /** {@code daysLeft} as the nodes report it: rounded down, negative once expired. */
    public static Severity of(long daysLeft) {
        if (daysLeft < 0) {
            return EXPIRED;
        }
        if (daysLeft < 7) {
            return DANGER;
        }
        return daysLeft < 30 ? WARN : OK;
    }

    /** The style class the view puts on the days-left cell; null for {@link #OK}. */
    public String styleClass() {
        return styleClass;
    }
}
