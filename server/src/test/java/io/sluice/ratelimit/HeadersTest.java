package io.sluice.ratelimit;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.RateLimitConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** RateLimit and RateLimit-Policy as draft-ietf-httpapi-ratelimit-headers-11 spells them, and Retry-After. */
class HeadersTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-01T10:00:00Z"));
    private final RateLimiters limiters = new RateLimiters("node-1", clock, null, nanos -> clock.advance(Duration.ofNanos(nanos)),
            Tuning.defaults());

    @Test
    void shouldAnnounceQuotaAndWindowInWholeSeconds() {
        assertThat(QuotaPolicy.of(policy(100, Duration.ofSeconds(1), 100)).policyField()).isEqualTo("\"api\";q=100;w=1");
        assertThat(QuotaPolicy.of(policy(1000, Duration.ofMinutes(1), 1000)).policyField()).isEqualTo("\"api\";q=1000;w=60");
    }

    @Test
    void shouldRoundSubSecondWindowsUpAndScaleTheQuotaWhenPerIsNotWholeSeconds() {
        assertThat(QuotaPolicy.of(policy(5, Duration.ofMillis(500), 5)).policyField()).isEqualTo("\"api\";q=10;w=1");
        assertThat(QuotaPolicy.of(policy(3, Duration.ofMillis(1500), 3)).policyField()).isEqualTo("\"api\";q=4;w=2");
    }

    @Test
    void shouldAddRemainingAndTimeUntilFullToAnAdmittedResponse() {
        limiters.configure(List.of(policy(10, Duration.ofSeconds(1), 20)));
        limiters.acquire("api", "a");

        Decision d = limiters.acquire("api", "a");
        HttpFields.Mutable out = HttpFields.build();
        d.addHeaders(out);

        assertThat(out.get("RateLimit-Policy")).isEqualTo("\"api\";q=10;w=1");
        assertThat(out.get("RateLimit")).isEqualTo("\"api\";r=18;t=1");
        assertThat(out.contains("Retry-After")).isFalse();
    }

    @Test
    void shouldCarryRetryAfterAndBothFieldsOnTheRejection() {
        limiters.configure(List.of(policy(1, Duration.ofSeconds(30), 1)));
        limiters.acquire("api", "a");

        Decision d = limiters.acquire("api", "a");
        GatewayException e = d.rejection();

        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.failure().status()).isEqualTo(429);
        assertThat(e.headers()).extracting(HttpField::getName, HttpField::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Retry-After", "30"),
                org.assertj.core.groups.Tuple.tuple("RateLimit", "\"api\";r=0;t=30"),
                org.assertj.core.groups.Tuple.tuple("RateLimit-Policy", "\"api\";q=1;w=30"));
    }

    @Test
    void shouldListSeveralPoliciesSideBySideWhenHeadersAreAddedTwice() {
        limiters.configure(List.of(policy(10, Duration.ofSeconds(1), 10),
                new RateLimitConfig("daily", 1000L, Duration.ofDays(1), 1000L, "global", "reject", null, "local")));
        HttpFields.Mutable out = HttpFields.build();

        limiters.acquire("api", "a").addHeaders(out);
        limiters.acquire("daily", "").addHeaders(out);

        assertThat(out.getValuesList("RateLimit-Policy")).containsExactly("\"api\";q=10;w=1", "\"daily\";q=1000;w=86400");
        assertThat(out.getValuesList("RateLimit")).containsExactly("\"api\";r=9;t=1", "\"daily\";r=999;t=87");
    }

    @Test
    void shouldRefuseToBuildARejectionForAnAdmittedRequest() {
        limiters.configure(List.of(policy(10, Duration.ofSeconds(1), 10)));

        Decision d = limiters.acquire("api", "a");

        assertThatThrownBy(d::rejection).isInstanceOf(IllegalStateException.class);
    }

    private static RateLimitConfig policy(long rate, Duration per, long burst) {
        return new RateLimitConfig("api", rate, per, burst, "client-ip", "reject", null, "local");
    }
}
