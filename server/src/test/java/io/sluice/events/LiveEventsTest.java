package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.breaker.BreakerState;
import io.sluice.breaker.BreakerTransition;
import io.sluice.config.ConfigException;
import io.sluice.config.OutlierConfig;
import io.sluice.health.UpstreamHealth;
import io.sluice.model.ConfigVersion;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.StreamEvent;
import io.sluice.observe.AccessRecord;
import io.sluice.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node's sources turned into stream records, and the metrics snapshot. */
class LiveEventsTest {

    private final MutableClock clock = new MutableClock();
    private final TrafficMeter traffic = new TrafficMeter(clock.millis());
    private final LiveEvents events = new LiveEvents("node-1", clock, traffic, () -> 7, () -> 3);
    private final Subscription all = events.hub().subscribe(EventFilter.ALL);
    private static final ConfigVersion V2 = new ConfigVersion(2, "carol", "more routes", "2025-01-01T00:00:00Z", "abc", "routes: []");

    @Test
    void shouldPublishBreakerTransitions() {
        events.breaker(new BreakerTransition("app", BreakerState.CLOSED, BreakerState.FORCED_OPEN, clock.instant()));
        assertThat(all.poll().payload()).isEqualTo(new StreamEvent.Breaker("node-1", "app", "CLOSED", "FORCED_OPEN",
                clock.instant().toString()));
    }

    @Test
    void shouldPublishHealthChangesOfWatchedUpstreams() {
        UpstreamHealth health = new UpstreamHealth("app", null, new OutlierConfig(true, 1, Duration.ofSeconds(5),
                Duration.ofMinutes(1), 50), clock);
        var a = health.track("http://10.0.0.1:8080");
        health.track("http://10.0.0.2:8080");
        health.addListener(events::health);

        a.onFailure();

        Event e = all.poll();
        assertThat(e.type()).isEqualTo(EventType.HEALTH);
        assertThat((StreamEvent.Health) e.payload()).satisfies(h -> {
            assertThat(h.node()).isEqualTo("node-1");
            assertThat(h.upstream()).isEqualTo("app");
            assertThat(h.endpoint()).isEqualTo("http://10.0.0.1:8080");
            assertThat(h.from()).isEqualTo("HEALTHY");
            assertThat(h.to()).isEqualTo("EJECTED");
            assertThat(h.why()).isNotBlank();
        });
    }

    @Test
    void shouldPublishAppliedConfigsAndOnesThisNodeCannotRun() throws Exception {
        events.configApplied(V2);
        assertThat(all.poll().payload()).isEqualTo(new StreamEvent.Config("node-1", 2, "carol", "more routes",
                clock.instant().toString(), null));

        var applier = events.reportingFailures(v -> {
            throw new ConfigException("upstreams[0].trustStore", "no such file");
        });
        assertThatThrownBy(() -> applier.apply(V2)).isInstanceOf(ConfigException.class);
        StreamEvent.Config failed = (StreamEvent.Config) all.poll().payload();
        assertThat(failed.version()).isEqualTo(2);
        assertThat(failed.error()).contains("trustStore", "no such file");

        events.reportingFailures(v -> { }).apply(V2);
        assertThat(all.poll()).as("success is reported by onApplied, once").isNull();
    }

    @Test
    void shouldSnapshotTheLastSecondOfTraffic() {
        for (int i = 0; i < 20; i++) {
            traffic.log(new AccessRecord(0, "node-1", "id", "GET", "/", "h2", "c", "all", "app", null,
                    i < 5 ? 502 : 200, 0, 0, 2_000, 1_000, 1, null, null));
        }
        clock.advance(Duration.ofSeconds(1));
        events.tick();

        MetricsSnapshot m = (MetricsSnapshot) all.poll().payload();
        assertThat(m.node()).isEqualTo("node-1");
        assertThat(m.at()).isEqualTo(clock.instant().toString());
        assertThat(m.requestsPerSecond()).isEqualTo(20);
        assertThat(m.errorsPerSecond()).isEqualTo(5);
        assertThat(m.p50Millis()).isBetween(1.0, 2.5);
        assertThat(m.inFlight()).isEqualTo(7);
        assertThat(m.heapUsedBytes()).isPositive();
        assertThat(m.clusterMembers()).isEqualTo(3);
    }

    @Test
    void shouldBuildNothingWhileNobodyWantsIt() {
        all.close();
        Subscription traces = events.hub().subscribe(EventFilter.parse(Map.of("types", List.of("trace"))));
        events.breaker(new BreakerTransition("app", BreakerState.CLOSED, BreakerState.OPEN, clock.instant()));
        events.configApplied(V2);
        events.tick();
        assertThat(traces.poll()).isNull();
    }

    @Test
    void shouldEndStreamsWhenClosed() {
        events.close();
        assertThat(all.isClosed()).isTrue();
    }
}
