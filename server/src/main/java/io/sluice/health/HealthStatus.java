package io.sluice.health;

/**
 * What traffic sees of an endpoint. {@link #UNHEALTHY} wins over {@link #EJECTED}: an endpoint that
 * fails its active checks stays out even after its ejection ends. Every change between the three
 * is legal (for example UNHEALTHY to EJECTED when checks pass again before an ejection ends).
 */
public enum HealthStatus {
    /** Takes traffic. */
    HEALTHY,
    /** Out for a while after failing real requests in a row (passive outlier ejection). */
    EJECTED,
    /** Out until enough active checks pass in a row. */
    UNHEALTHY
}
