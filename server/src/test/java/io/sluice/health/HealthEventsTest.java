package io.sluice.health;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health changes are observable: listeners, the bounded list of recent changes, snapshots. */
class HealthEventsTest {

    private final MutableClock clock = new MutableClock();
    private final UpstreamHealth group = new UpstreamHealth("users",
            new HealthCheckConfig("/health", Duration.ofSeconds(1), Duration.ofMillis(100), 1, 1),
            new OutlierConfig(true, 2, Duration.ofSeconds(5), Duration.ofMinutes(1), 50), clock);
    private final EndpointHealth a = group.track("http://10.0.0.1:8080");
    private final EndpointHealth b = group.track("http://10.0.0.2:8080");
    private final List<HealthEvent> heard = new ArrayList<>();

    {
        group.addListener(heard::add);
    }

    private void failCheck(EndpointHealth e) {
        e.onCheck(CheckResult.failed(clock.instant(), -1, Duration.ofMillis(100), "no answer within 100 ms"));
    }

    private void passCheck(EndpointHealth e) {
        e.onCheck(CheckResult.passed(clock.instant(), 200, Duration.ofMillis(1)));
    }

    @Test
    void shouldPublishEjectionWithEndpointStatesReasonAndTime() {
        Instant start = clock.instant();
        a.onFailure();
        a.onFailure();

        assertThat(heard).singleElement().satisfies(e -> {
            assertThat(e.upstream()).isEqualTo("users");
            assertThat(e.endpoint()).isEqualTo("http://10.0.0.1:8080");
            assertThat(e.from()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(e.to()).isEqualTo(HealthStatus.EJECTED);
            assertThat(e.why()).contains("2 requests failed in a row");
            assertThat(e.at()).isEqualTo(start);
        });
        assertThat(group.recentChanges()).isEqualTo(heard);
    }

    @Test
    void shouldPublishReturnAtTheEndOfTheEjectionWhenFirstLookedAtLater() {
        a.onFailure();
        a.onFailure();
        Instant until = a.snapshot().ejectedUntil();

        clock.advance(Duration.ofSeconds(30));
        a.available();
        a.available();

        assertThat(heard).hasSize(2);
        assertThat(heard.get(1).from()).isEqualTo(HealthStatus.EJECTED);
        assertThat(heard.get(1).to()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(heard.get(1).at()).isEqualTo(until);
    }

    @Test
    void shouldPublishEndOfEjectionBeforeAFailedCheckThatComesAfterIt() {
        a.onFailure();
        a.onFailure();
        clock.advance(Duration.ofSeconds(6));

        failCheck(a);

        assertThat(heard).extracting(HealthEvent::to)
                .containsExactly(HealthStatus.EJECTED, HealthStatus.HEALTHY, HealthStatus.UNHEALTHY);
        assertThat(heard.get(2).why()).isEqualTo("1 check failed in a row, last: no answer within 100 ms");
    }

    @Test
    void shouldPublishCheckChangesBothWaysAndNothingWhenStatusStays() {
        failCheck(b);
        failCheck(b);
        passCheck(b);
        passCheck(b);

        assertThat(heard).extracting(e -> e.from() + ">" + e.to())
                .containsExactly("HEALTHY>UNHEALTHY", "UNHEALTHY>HEALTHY");
    }

    @Test
    void shouldGoBackToEjectedWhenChecksPassDuringAnEjection() {
        a.onFailure();
        a.onFailure();
        failCheck(a);
        passCheck(a);

        assertThat(heard).extracting(e -> e.from() + ">" + e.to())
                .containsExactly("HEALTHY>EJECTED", "EJECTED>UNHEALTHY", "UNHEALTHY>EJECTED");
        assertThat(a.available()).isFalse();
    }

    @Test
    void shouldKeepOnlyMostRecentChangesWhenThereAreMany() {
        for (int i = 0; i < UpstreamHealth.RECENT_CHANGES; i++) {
            failCheck(b);
            passCheck(b);
        }

        List<HealthEvent> recent = group.recentChanges();

        assertThat(recent).hasSize(UpstreamHealth.RECENT_CHANGES);
        assertThat(recent).isEqualTo(heard.subList(heard.size() - UpstreamHealth.RECENT_CHANGES, heard.size()));
    }

    @Test
    void shouldStillRecordChangeWhenAListenerThrows() {
        group.addListener(e -> {
            throw new IllegalStateException("broken listener");
        });

        failCheck(b);

        assertThat(b.available()).isFalse();
        assertThat(group.recentChanges()).hasSize(1);
        assertThat(heard).hasSize(1);
    }

    @Test
    void shouldSnapshotEveryEndpointOfTheUpstream() {
        failCheck(b);

        assertThat(group.snapshots()).extracting(EndpointHealthSnapshot::endpoint, EndpointHealthSnapshot::available)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://10.0.0.1:8080", true),
                        org.assertj.core.groups.Tuple.tuple("http://10.0.0.2:8080", false));
    }

    @Test
    void shouldReadWellWhenPrinted() {
        failCheck(b);

        assertThat(heard.getFirst()).hasToString("users http://10.0.0.2:8080 HEALTHY -> UNHEALTHY at "
                + clock.instant() + ": 1 check failed in a row, last: no answer within 100 ms");
    }
}
