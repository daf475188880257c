package io.sluice.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.BreakerConfig;
import io.sluice.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerConfigTest {

    @Test
    void shouldLowerTheDefaultMinimumToASmallCountWindow() {
        BreakerConfig c = new BreakerConfig(null, null, null, null, null, "count", 10, null, null, null);
        assertThat(c.minimumCalls()).isEqualTo(10);
        assertThat(BreakerConfig.DEFAULTS.minimumCalls()).isEqualTo(20);
        assertThat(BreakerConfig.DEFAULTS.windowSize()).as("seconds of a time window").isEqualTo(10);
    }

    @Test
    void shouldRefuseAMinimumACountWindowCanNeverReach() {
        assertThatThrownBy(() -> new BreakerConfig(null, null, null, null, null, "count", 10, 50, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("minimumCalls").hasMessageContaining("'50'").hasMessageContaining("at most windowSize (10)");
    }

    @Test
    void shouldRefuseATimeWindowLongerThanAnHour() {
        assertThatThrownBy(() -> new BreakerConfig(null, null, null, null, null, "time", 7200, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("windowSize").hasMessageContaining("3600");
    }

    @Test
    void shouldCountACallOfExactlyTheSlowDurationAsSlowInResilience4j() {
        BreakerConfig c = new BreakerConfig(null, null, null, null, Duration.ofMillis(1), null, null, null, null, null);
        var r4j = Breaker.resilience4j(c, java.time.InstantSource.system());
        assertThat(r4j.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(1).minusNanos(1));
        assertThat(r4j.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isFalse();
    }
}
