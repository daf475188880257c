package io.sluice.ratelimit;

import io.sluice.config.RateLimitConfig;
import java.math.BigInteger;

/**
 * A policy as the RateLimit-Policy field of draft-ietf-httpapi-ratelimit-headers-11 (May 2026)
 * states it: {@code "<id>";q=<quota>;w=<window seconds>}. The draft allows only whole seconds, so
 * a sub-second or fractional {@code per} is rounded up to whole seconds and the quota scaled down
 * to match (rate 5 per 500ms is announced as q=10;w=1). The burst is not announced: the draft has
 * no parameter for it, and the RateLimit field's {@code r} already shows what can be used now.
 * No {@code pk} parameter either: it would echo the client's IP or API key back in every response.
 */
public record QuotaPolicy(String id, long quota, long windowSeconds) {

    static QuotaPolicy of(RateLimitConfig policy) {
        long perNanos = policy.per().toNanos();
        long window = Math.max(1, (perNanos + 999_999_999L) / 1_000_000_000L);
        long quota = BigInteger.valueOf(policy.rate()).multiply(BigInteger.valueOf(window * 1_000_000_000L))
                .divide(BigInteger.valueOf(perNanos)).longValueExact();
        return new QuotaPolicy(policy.id(), quota, window);
    }

    /** The RateLimit-Policy field value. */
    public String policyField() {
        return "\"" + id + "\";q=" + quota + ";w=" + windowSeconds;
    }

    /** The RateLimit field value: {@code r} tokens available now, {@code t} seconds of the effective window. */
    public String limitField(long remaining, long seconds) {
        return "\"" + id + "\";r=" + remaining + ";t=" + seconds;
    }
}
