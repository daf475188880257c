package io.sluice.health;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Active check thresholds, both ways, on one endpoint. */
class ActiveHealthTest {

    private final MutableClock clock = new MutableClock();
    private final UpstreamHealth group = new UpstreamHealth("users",
            new HealthCheckConfig("/health", Duration.ofSeconds(1), Duration.ofMillis(100), 2, 3),
            OutlierConfig.DEFAULTS, clock);
    private final EndpointHealth endpoint = group.track("http://10.0.0.1:8080");

    private void pass(int n) {
        for (int i = 0; i < n; i++) {
            endpoint.onCheck(CheckResult.passed(clock.instant(), 200, Duration.ofMillis(3)));
        }
    }

    private void fail(int n) {
        for (int i = 0; i < n; i++) {
            endpoint.onCheck(CheckResult.failed(clock.instant(), 500, Duration.ofMillis(3), "status 500"));
        }
    }

    @Test
    void shouldBeAvailableWhenNoCheckHasRunYet() {
        assertThat(endpoint.available()).isTrue();
        assertThat(endpoint.snapshot().lastCheck()).isNull();
    }

    @Test
    void shouldStayHealthyWhenFewerChecksFailThanUnhealthyThreshold() {
        fail(2);

        assertThat(endpoint.available()).isTrue();
        assertThat(endpoint.snapshot().status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void shouldBecomeUnhealthyWhenUnhealthyThresholdChecksFailInARow() {
        fail(3);

        assertThat(endpoint.available()).isFalse();
        assertThat(endpoint.snapshot().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(endpoint.snapshot().healthy()).isFalse();
    }

    @Test
    void shouldStayHealthyWhenAPassedCheckBreaksTheFailureStreak() {
        fail(2);
        pass(1);
        fail(2);

        assertThat(endpoint.available()).isTrue();
    }

    @Test
    void shouldStayUnhealthyWhenFewerChecksPassThanHealthyThreshold() {
        fail(3);
        pass(1);

        assertThat(endpoint.available()).isFalse();
    }

    @Test
    void shouldBecomeHealthyWhenHealthyThresholdChecksPassInARow() {
        fail(3);
        pass(1);
        fail(1);
        pass(2);

        assertThat(endpoint.available()).isTrue();
        assertThat(endpoint.snapshot().status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void shouldShowLastCheckWhenSnapshotIsTaken() {
        pass(1);
        fail(1);

        CheckResult last = endpoint.snapshot().lastCheck();

        assertThat(last.passed()).isFalse();
        assertThat(last.status()).isEqualTo(500);
        assertThat(last.detail()).isEqualTo("status 500");
    }

    @Test
    void shouldNotCountPassiveFailuresAsFailedChecks() {
        for (int i = 0; i < 10; i++) {
            endpoint.onFailure(); // a group of one: ejection would leave nothing, so it is refused
        }

        assertThat(endpoint.snapshot().healthy()).isTrue();
        assertThat(endpoint.snapshot().consecutiveFailures()).isEqualTo(10);
    }
}
