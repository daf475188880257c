package io.sluice.ratelimit;

/**
 * A bucket's answer for one request, before any shaping wait: granted or not, when the token falls
 * due ({@code dueAt}, never before the decision), and what the RateLimit field reports. All times
 * are epoch nanoseconds; {@code retryAt} is set only when not granted.
 */
record Slot(boolean granted, long dueAt, long remaining, long fullAt, long retryAt) {

    static Slot granted(long dueAt, long remaining, long fullAt) {
        return new Slot(true, dueAt, remaining, fullAt, 0);
    }

    static Slot rejected(long retryAt) {
        return new Slot(false, 0, 0, retryAt, retryAt);
    }
}
