package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.ConfigException;
import io.sluice.config.RateLimitConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounds {@link RateLimitConfig} adds so that the limiter's arithmetic stays exact. */
class RateLimitConfigValidationTest {

    @Test
    void shouldDefaultToOnePerSecondWindowBurstEqualToRateClientIpRejectAndClusterScope() {
        RateLimitConfig c = new RateLimitConfig("api", 100L, null, null, null, null, null, null);

        assertThat(c).isEqualTo(new RateLimitConfig("api", 100L, Duration.ofSeconds(1), 100L, "client-ip", "reject",
                Duration.ofSeconds(1), "cluster"));
    }

    @Test
    void shouldRejectMoreThanOneMillionPerSecond() {
        assertThatThrownBy(() -> new RateLimitConfig("api", 2_000_000L, null, null, null, null, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rate: '2000000' is invalid: at most 1000000 per second; with per 1s that is at most 1000000");
    }

    @Test
    void shouldRejectAWindowLongerThanThirtyOneDays() {
        assertThatThrownBy(() -> new RateLimitConfig("api", 10L, Duration.ofDays(32), null, null, null, null, null))
                .hasMessageStartingWith("per: ").hasMessageEndingWith("must be at most 31d");
    }

    @Test
    void shouldRejectABurstThatTakesLongerThanThirtyOneDaysToRefill() {
        assertThatThrownBy(() -> new RateLimitConfig("api", 1L, Duration.ofDays(1), 32L, null, null, null, null))
                .hasMessageStartingWith("burst: '32' is invalid: a full bucket must refill within 31d")
                .hasMessageEndingWith("that is at most 31");
    }

    @Test
    void shouldRejectAShapingWaitLongerThanSixtySeconds() {
        assertThatThrownBy(() -> new RateLimitConfig("api", 10L, null, null, null, "shape", Duration.ofMinutes(2), null))
                .hasMessageStartingWith("maxWait: ").hasMessageEndingWith("must be at most 60s");
    }
}
