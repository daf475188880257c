package io.sluice.ratelimit;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import org.eclipse.jetty.http.HttpFields;

/**
 * The outcome of {@link RateLimiters#acquire}: admitted (possibly after a shaping wait) or not, and
 * the RateLimit / RateLimit-Policy fields of draft-ietf-httpapi-ratelimit-headers-11 that tell the
 * client where it stands, on admitted responses and on the 429 alike.
 *
 * <p>{@code remaining} is {@code r}: tokens this client could use at once. {@code resetSeconds} is
 * {@code t}: for an admitted request, seconds until the bucket is full again; for a rejected one,
 * the same value as Retry-After, because the draft asks that Retry-After not point earlier than the
 * end of the effective window. In cluster scope both are this node's estimate (its lease plus what
 * the central bucket held at its last lease), not a cluster-wide read.
 */
public record Decision(QuotaPolicy policy, boolean admitted, long waitedNanos, long remaining, long resetSeconds,
                       long retryAfterSeconds) {

    static Decision admitted(QuotaPolicy policy, long waitedNanos, long remaining, long resetSeconds) {
        return new Decision(policy, true, waitedNanos, remaining, resetSeconds, 0);
    }

    static Decision rejected(QuotaPolicy policy, long retryAfterSeconds) {
        long after = Math.max(1, retryAfterSeconds);
        return new Decision(policy, false, 0, 0, after, after);
    }

    /** Adds RateLimit-Policy and RateLimit; adds rather than replaces, so several policies list side by side. */
    public void addHeaders(HttpFields.Mutable out) {
        out.add("RateLimit-Policy", policy.policyField());
        out.add("RateLimit", policy.limitField(remaining, resetSeconds));
        if (!admitted) {
            out.put("Retry-After", Long.toString(retryAfterSeconds));
        }
    }

    /** The 429 to throw for a rejected request, carrying Retry-After and both RateLimit fields. */
    public GatewayException rejection() {
        if (admitted) {
            throw new IllegalStateException("request was admitted under policy " + policy.id());
        }
        return new GatewayException(Failure.RATE_LIMITED, "rate limit exceeded")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds))
                .withHeader("RateLimit", policy.limitField(remaining, resetSeconds))
                .withHeader("RateLimit-Policy", policy.policyField());
    }
}
