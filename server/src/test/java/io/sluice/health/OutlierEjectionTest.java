package io.sluice.health;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Passive outlier ejection: when, for how long, and how many at once. */
class OutlierEjectionTest {

    private static final Duration BASE = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofSeconds(35);

    private final MutableClock clock = new MutableClock();

    private UpstreamHealth group(int maxEjectedPercent) {
        return new UpstreamHealth("users", null, new OutlierConfig(true, 3, BASE, MAX, maxEjectedPercent), clock);
    }

    private static List<EndpointHealth> endpoints(UpstreamHealth group, int n) {
        return IntStream.range(0, n).mapToObj(i -> group.track("http://10.0.0." + i + ":8080")).toList();
    }

    private static void failures(EndpointHealth e, int n) {
        for (int i = 0; i < n; i++) {
            e.onFailure();
        }
    }

    /** Ejects {@code e}, lets the ejection run out and answers how long it lasted. */
    private Duration ejectAndWaitOut(EndpointHealth e) {
        failures(e, 3);
        assertThat(e.available()).isFalse();
        Duration out = Duration.between(clock.instant(), e.snapshot().ejectedUntil());
        clock.advance(out);
        assertThat(e.available()).isTrue();
        return out;
    }

    @Test
    void shouldKeepEndpointWhenFewerRequestsFailInARowThanConsecutiveFailures() {
        List<EndpointHealth> es = endpoints(group(50), 3);

        failures(es.get(0), 2);

        assertThat(es.get(0).available()).isTrue();
    }

    @Test
    void shouldEjectEndpointWhenConsecutiveFailuresIsReached() {
        List<EndpointHealth> es = endpoints(group(50), 3);

        failures(es.get(0), 3);

        EndpointHealthSnapshot s = es.get(0).snapshot();
        assertThat(es.get(0).available()).isFalse();
        assertThat(s.status()).isEqualTo(HealthStatus.EJECTED);
        assertThat(s.ejectedUntil()).isEqualTo(clock.instant().plus(BASE));
        assertThat(s.ejectionCount()).isEqualTo(1);
        assertThat(es.get(1).available()).isTrue();
    }

    @Test
    void shouldKeepEndpointWhenASuccessBreaksTheFailureStreak() {
        List<EndpointHealth> es = endpoints(group(50), 3);

        failures(es.get(0), 2);
        es.get(0).onSuccess();
        failures(es.get(0), 2);

        assertThat(es.get(0).available()).isTrue();
        assertThat(es.get(0).snapshot().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void shouldReturnEndpointWhenEjectionTimeIsOver() {
        List<EndpointHealth> es = endpoints(group(50), 3);
        failures(es.get(0), 3);

        clock.advance(BASE.minusMillis(1));
        assertThat(es.get(0).available()).isFalse();
        clock.advance(Duration.ofMillis(1));

        assertThat(es.get(0).available()).isTrue();
        assertThat(es.get(0).snapshot().ejectedUntil()).isNull();
        assertThat(es.get(0).snapshot().consecutiveFailures()).isZero();
    }

    @Test
    void shouldEjectLongerWhenEndpointIsEjectedAgainSoonAfterReturning() {
        List<EndpointHealth> es = endpoints(group(50), 3);

        assertThat(ejectAndWaitOut(es.get(0))).isEqualTo(BASE);
        assertThat(ejectAndWaitOut(es.get(0))).isEqualTo(BASE.multipliedBy(2));
        assertThat(ejectAndWaitOut(es.get(0))).isEqualTo(BASE.multipliedBy(3));
        assertThat(es.get(0).snapshot().ejectionCount()).isEqualTo(3);
    }

    @Test
    void shouldCapEjectionTimeWhenStreakKeepsGrowing() {
        List<EndpointHealth> es = endpoints(group(50), 3);
        for (int i = 0; i < 3; i++) {
            ejectAndWaitOut(es.get(0));
        }

        assertThat(ejectAndWaitOut(es.get(0))).isEqualTo(MAX);
        assertThat(ejectAndWaitOut(es.get(0))).isEqualTo(MAX);
    }

    @Test
    void shouldStartOverWhenEndpointStayedInForMaxEjectionTime() {
        List<EndpointHealth> es = endpoints(group(50), 3);
        ejectAndWaitOut(es.get(0));
        ejectAndWaitOut(es.get(0));

        clock.advance(MAX);

        assertThat(ejectAndWaitOut(es.get(0))).isEqualTo(BASE);
    }

    @Test
    void shouldEjectNoMoreThanMaxEjectedPercentWhenManyFail() {
        List<EndpointHealth> es = endpoints(group(50), 5); // 50% of 5, rounded down: 2

        es.forEach(e -> failures(e, 3));

        assertThat(es.stream().filter(EndpointHealth::available)).hasSize(3);
    }

    @Test
    void shouldEjectAnotherWhenAnEarlierEjectionEnded() {
        List<EndpointHealth> es = endpoints(group(34), 3); // one at a time
        failures(es.get(0), 3);
        failures(es.get(1), 3);
        assertThat(es.get(1).available()).isTrue();

        clock.advance(BASE);
        es.get(1).onFailure(); // the streak is still at or above the threshold: every further failure retries

        assertThat(es.get(0).available()).isTrue();
        assertThat(es.get(1).available()).isFalse();
    }

    @Test
    void shouldNeverEjectLastAvailableEndpointWhenMaxEjectedPercentIs100() {
        List<EndpointHealth> es = endpoints(group(100), 2);

        failures(es.get(0), 3);
        failures(es.get(1), 3);

        assertThat(es.get(0).available()).isFalse();
        assertThat(es.get(1).available()).isTrue();
    }

    @Test
    void shouldNotEjectWhenOnlyOtherEndpointsAreUnhealthy() {
        UpstreamHealth group = new UpstreamHealth("users",
                new HealthCheckConfig(null, null, null, 1, 1), new OutlierConfig(true, 3, BASE, MAX, 100), clock);
        List<EndpointHealth> es = endpoints(group, 2);
        es.get(1).onCheck(CheckResult.failed(clock.instant(), -1, Duration.ZERO, "refused"));

        failures(es.get(0), 3);

        assertThat(es.get(0).available()).isTrue();
    }

    @Test
    void shouldNotEjectWhenOutlierDetectionIsDisabled() {
        UpstreamHealth group = new UpstreamHealth("users", null, new OutlierConfig(false, 3, BASE, MAX, 100), clock);
        List<EndpointHealth> es = endpoints(group, 3);

        failures(es.get(0), 100);

        assertThat(es.get(0).available()).isTrue();
    }
}
