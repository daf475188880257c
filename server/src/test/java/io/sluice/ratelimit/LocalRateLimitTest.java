package io.sluice.ratelimit;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.RateLimitConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token bucket and shaping on a node without Hazelcast, with a clock that moves only when told. */
class LocalRateLimitTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-01T10:00:00Z"));
    private final List<Long> parked = new ArrayList<>();
    private final RateLimiters limiters = new RateLimiters("node-1", clock, null, nanos -> {
        parked.add(nanos);
        clock.advance(Duration.ofNanos(nanos));
    }, Tuning.defaults());

    private static RateLimitConfig policy(String id, long rate, long burst, String mode, Duration maxWait, String scope) {
        return new RateLimitConfig(id, rate, Duration.ofSeconds(1), burst, "client-ip", mode, maxWait, scope);
    }

    @Test
    void shouldAdmitTheBurstThenRejectWhenTheBucketIsEmpty() {
        limiters.configure(List.of(policy("api", 10, 3, "reject", null, "local")));

        assertThat(List.of(admitted("a"), admitted("a"), admitted("a"), admitted("a"))).containsExactly(true, true, true, false);
    }

    @Test
    void shouldRefillOneTokenPerIntervalWhenTimePasses() {
        limiters.configure(List.of(policy("api", 10, 1, "reject", null, "local")));
        assertThat(admitted("a")).isTrue();
        assertThat(admitted("a")).isFalse();

        clock.advance(Duration.ofMillis(99));
        assertThat(admitted("a")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(admitted("a")).isTrue();
    }

    @Test
    void shouldRejectWithRetryAfterRoundedUpToWholeSecondsWhenEmpty() {
        limiters.configure(List.of(new RateLimitConfig("slow", 1L, Duration.ofSeconds(10), 1L, "global", "reject", null, "local")));
        assertThat(limiters.acquire("slow", "").admitted()).isTrue();
        clock.advance(Duration.ofMillis(2500));

        Decision d = limiters.acquire("slow", "");

        assertThat(d.admitted()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(8);
        assertThat(d.resetSeconds()).isEqualTo(8);
        assertThat(d.remaining()).isZero();
    }

    @Test
    void shouldKeepOneBucketPerClientKey() {
        limiters.configure(List.of(policy("api", 10, 1, "reject", null, "local")));

        assertThat(admitted("a")).isTrue();
        assertThat(admitted("b")).isTrue();
        assertThat(admitted("a")).isFalse();
        assertThat(limiters.stats().getFirst().keys()).isEqualTo(2);
    }

    @Test
    void shouldParkUntilTheTokenIsDueWhenShaping() {
        limiters.configure(List.of(policy("shaped", 10, 1, "shape", Duration.ofMillis(500), "local")));

        Decision first = limiters.acquire("shaped", "a");
        Decision second = limiters.acquire("shaped", "a");
        Decision third = limiters.acquire("shaped", "a");

        assertThat(first.waitedNanos()).isZero();
        assertThat(second.admitted()).isTrue();
        assertThat(second.waitedNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(third.waitedNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(parked).containsExactly(100_000_000L, 100_000_000L);
    }

    @Test
    void shouldRejectAtOnceWithoutWaitingWhenTheWaitWouldPassMaxWait() {
        // queue up without the clock moving: waits of 0, 100 and 200 ms fit, 300 ms does not
        RateLimiters queued = new RateLimiters("node-1", clock, null, parked::add, Tuning.defaults());
        queued.configure(List.of(policy("shaped", 10, 1, "shape", Duration.ofMillis(250), "local")));

        List<Boolean> outcomes = List.of(queued.acquire("shaped", "a").admitted(), queued.acquire("shaped", "a").admitted(),
                queued.acquire("shaped", "a").admitted(), queued.acquire("shaped", "a").admitted());

        assertThat(outcomes).containsExactly(true, true, true, false);
        assertThat(parked).containsExactly(100_000_000L, 200_000_000L);
        Decision rejected = queued.acquire("shaped", "a");
        assertThat(rejected.retryAfterSeconds()).isEqualTo(1);
        assertThat(queued.stats().getFirst().shaped()).isEqualTo(2);
        assertThat(queued.stats().getFirst().waitedNanos()).isEqualTo(300_000_000L);
    }

    @Test
    void shouldRejectAndKeepTheInterruptWhenInterruptedWhileShaping() {
        RateLimiters interrupted = new RateLimiters("node-1", clock, null, nanos -> {
            throw new InterruptedException();
        }, Tuning.defaults());
        interrupted.configure(List.of(policy("shaped", 10, 1, "shape", Duration.ofSeconds(1), "local")));
        interrupted.acquire("shaped", "a");

        Decision d = interrupted.acquire("shaped", "a");

        assertThat(d.admitted()).isFalse();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void shouldKeepTheBucketsOfUnchangedPoliciesWhenReconfigured() {
        limiters.configure(List.of(policy("kept", 10, 1, "reject", null, "local"), policy("changed", 10, 1, "reject", null, "local")));
        limiters.acquire("kept", "a");
        limiters.acquire("changed", "a");

        limiters.configure(List.of(policy("kept", 10, 1, "reject", null, "local"), policy("changed", 20, 1, "reject", null, "local")));

        assertThat(limiters.acquire("kept", "a").admitted()).as("unchanged policy keeps its empty bucket").isFalse();
        assertThat(limiters.acquire("changed", "a").admitted()).as("changed policy starts afresh").isTrue();
    }

    @Test
    void shouldDropPoliciesNoLongerConfigured() {
        limiters.configure(List.of(policy("api", 10, 1, "reject", null, "local")));

        limiters.configure(List.of());

        assertThatThrownBy(() -> limiters.acquire("api", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'api'");
        assertThat(limiters.stats()).isEmpty();
    }

    @Test
    void shouldTreatClusterScopeAsLocalWhenTheNodeIsStandalone() {
        limiters.configure(List.of(policy("api", 10, 1, "reject", null, "cluster")));

        assertThat(admitted("a")).isTrue();
        assertThat(admitted("a")).isFalse();
        LimiterStats stats = limiters.stats().getFirst();
        assertThat(stats.scope()).isEqualTo("local");
        assertThat(stats.admitted()).isOne();
        assertThat(stats.rejected()).isOne();
        assertThat(stats.remoteCalls()).isZero();
    }

    @Test
    void shouldUseTheMissingKeyBucketWhenTheClientKeyIsNull() {
        limiters.configure(List.of(policy("api", 10, 1, "reject", null, "local")));

        assertThat(limiters.acquire("api", null).admitted()).isTrue();
        assertThat(limiters.acquire("api", ClientKeys.MISSING).admitted()).isFalse();
    }

    @Test
    void shouldRefuseRequestsAfterClose() {
        limiters.configure(List.of(policy("api", 10, 1, "reject", null, "local")));

        limiters.close();

        assertThatThrownBy(() -> limiters.acquire("api", "a")).hasMessageContaining("closed");
        assertThatThrownBy(() -> limiters.configure(List.of())).hasMessageContaining("closed");
    }

    private boolean admitted(String key) {
        return limiters.acquire("api", key).admitted();
    }
}
