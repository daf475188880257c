package io.sluice.breaker;

import io.sluice.testing.MutableClock;
import static io.sluice.breaker.Upstreams.counting;
import static io.sluice.breaker.Upstreams.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.breaker.BreakerOverride.Mode;
import io.sluice.config.BreakerConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BreakersTest {

    private static final long MS = 1_000_000L;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private LocalOverrideStore store;
    private Breakers breakers;

    @BeforeEach
    void setUp() {
        store = new LocalOverrideStore(null);
        breakers = new Breakers("node-1", clock, store);
        breakers.configure(List.of(upstream("api", counting("upstream"))));
    }

    @AfterEach
    void tearDown() {
        breakers.close();
        store.close();
    }

    @Test
    void shouldStayClosedBelowMinimumCallsWhateverTheFailureRate() {
        fail("api", 3);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        assertThat(snapshot("api").failureRate()).isEqualTo(-1f);
        assertThat(snapshot("api").callsInWindow()).isEqualTo(3);
    }

    @Test
    void shouldOpenWhenFailureRateReachesThresholdAfterMinimumCalls() {
        succeed("api", 2, 10);
        fail("api", 1);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        fail("api", 1); // 2 of 4 = 50 %
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
        assertThat(snapshot("api").lastTransition()).isEqualTo(
                new BreakerTransition("api", BreakerState.CLOSED, BreakerState.OPEN, clock.instant()));
    }

    @Test
    void shouldCountFiveHundredsAsFailures() {
        for (int i = 0; i < 4; i++) {
            breakers.acquire("api", null).onResponse(i % 2 == 0 ? 503 : 200, 10 * MS);
        }
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldOpenOnSlowCallRateCountingCallsAtTheThresholdAsSlow() {
        succeed("api", 2, 999);
        assertThat(snapshot("api").callsInWindow()).isEqualTo(2);
        succeed("api", 1, 1000);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        succeed("api", 1, 1000); // 2 of 4 slow = 50 %
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
        assertThat(snapshot("api").slowCallRate()).isEqualTo(50f);
        assertThat(snapshot("api").failureRate()).isEqualTo(0f);
    }

    @Test
    void shouldAnswer503WithRetryAfterRoundedUpWhenOpen() {
        fail("api", 4);
        assertThat(retryAfter("api", null)).isEqualTo("10");
        clock.advance(Duration.ofMillis(3500));
        assertThat(retryAfter("api", null)).isEqualTo("7");
        clock.advance(Duration.ofMillis(6500));
        assertThat(retryAfter("api", null)).as("at the end of the open period, never 0").isEqualTo("1");
        assertThat(breakers.allows("api", null)).isFalse();
    }

    @Test
    void shouldNotRecordRefusedAttempts() {
        fail("api", 4);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breakers.acquire("api", null)).isInstanceOf(GatewayException.class);
        }
        assertThat(snapshot("api").callsInWindow()).isEqualTo(4);
    }

    @Test
    void shouldGoHalfOpenOnlyAfterOpenDuration() {
        fail("api", 4);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breakers.allows("api", null)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breakers.allows("api", null)).isTrue();
        assertThat(state("api")).as("allows() does not move the breaker").isEqualTo(BreakerState.OPEN);
        Permit probe = breakers.acquire("api", null);
        assertThat(state("api")).isEqualTo(BreakerState.HALF_OPEN);
        probe.release();
    }

    @Test
    void shouldCloseWhenHalfOpenProbesSucceedAndRefuseMoreProbesMeanwhile() {
        openThenWait();
        Permit first = breakers.acquire("api", null);
        Permit second = breakers.acquire("api", null);
        assertThat(breakers.allows("api", null)).isFalse();
        assertThat(retryAfter("api", null)).isEqualTo("1");
        first.onSuccess(10 * MS);
        second.onSuccess(10 * MS);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        assertThat(breakers.allows("api", null)).isTrue();
    }

    @Test
    void shouldReopenWhenHalfOpenProbesFailAndWaitAFullOpenDurationAgain() {
        openThenWait();
        breakers.acquire("api", null).onFailure(10 * MS);
        breakers.acquire("api", null).onSuccess(10 * MS);
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
        assertThat(retryAfter("api", null)).isEqualTo("10");
    }

    @Test
    void shouldGiveAReleasedProbeBackWithoutRecordingIt() {
        openThenWait();
        Permit gone = breakers.acquire("api", null);
        Permit second = breakers.acquire("api", null);
        gone.release();
        assertThat(breakers.allows("api", null)).isTrue();
        Permit third = breakers.acquire("api", null);
        second.onSuccess(MS);
        third.onSuccess(MS);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldCountOnlyTheFirstEndOfAPermit() {
        Permit p = breakers.acquire("api", null);
        p.onFailure(MS);
        p.release();
        p.onSuccess(MS);
        assertThat(snapshot("api").callsInWindow()).isEqualTo(1);
    }

    @Test
    void shouldForgetFailuresOlderThanATimeWindow() {
        BreakerConfig timed = new BreakerConfig(true, null, 50, 100, Duration.ofSeconds(5), "time", 10, 4, Duration.ofSeconds(10), 2);
        breakers.configure(List.of(upstream("api", timed)));
        fail("api", 3);
        clock.advance(Duration.ofSeconds(11));
        fail("api", 1);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        assertThat(snapshot("api").callsInWindow()).isEqualTo(1);
        fail("api", 3);
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldKeepABreakerPerEndpointWhenScopedByEndpoint() {
        breakers.configure(List.of(upstream("api", counting("endpoint"), "http://10.0.0.1:8080", "http://10.0.0.2")));
        assertThat(breakers.snapshot()).extracting(BreakerSnapshot::name)
                .containsExactly("api@http://10.0.0.1:8080", "api@http://10.0.0.2:80");
        for (int i = 0; i < 4; i++) {
            breakers.acquire("api", "http://10.0.0.1:8080").onFailure(MS);
        }
        assertThat(breakers.allows("api", "http://10.0.0.1:8080")).isFalse();
        assertThat(breakers.allows("api", "http://10.0.0.2:80")).isTrue();
        assertThat(breakers.allows("api", "http://10.0.0.2")).as("default port filled in").isTrue();
        assertThatThrownBy(() -> breakers.acquire("api", "http://10.0.0.1:8080")).isInstanceOf(GatewayException.class);
        breakers.acquire("api", "http://10.0.0.2:80").onSuccess(MS);
        assertThat(snapshot("api@http://10.0.0.1:8080").endpoint()).isEqualTo("http://10.0.0.1:8080");
        assertThat(snapshot("api@http://10.0.0.1:8080").upstream()).isEqualTo("api");
    }

    @Test
    void shouldKeepUnchangedBreakersAndRebuildChangedOnesOnConfigure() {
        breakers.configure(List.of(upstream("api", counting("upstream")), upstream("web", counting("upstream"))));
        fail("api", 4);
        fail("web", 4);
        BreakerConfig longer = new BreakerConfig(true, null, 50, 50, Duration.ofSeconds(1), "count", 10, 4, Duration.ofSeconds(30), 2);
        breakers.configure(List.of(upstream("api", counting("upstream")), upstream("web", longer), upstream("new", counting("upstream"))));
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
        assertThat(state("web")).isEqualTo(BreakerState.CLOSED);
        assertThat(snapshot("web").callsInWindow()).isZero();
        assertThat(breakers.snapshot()).extracting(BreakerSnapshot::name).containsExactly("api", "new", "web");
        breakers.configure(List.of(upstream("web", longer)));
        assertThat(breakers.snapshot()).extracting(BreakerSnapshot::name).containsExactly("web");
        assertThat(breakers.acquire("api", null)).as("a removed upstream is not guarded").isSameAs(Permit.NONE);
    }

    @Test
    void shouldMapOverridesOntoForcedOpenDisabledAndClosed() {
        override("api", Mode.FORCED_OPEN);
        assertThat(state("api")).isEqualTo(BreakerState.FORCED_OPEN);
        assertThat(snapshot("api").mode()).isEqualTo(Mode.FORCED_OPEN);
        assertThat(retryAfter("api", null)).isEqualTo("10");
        clock.advance(Duration.ofMinutes(5));
        assertThat(breakers.allows("api", null)).as("a forced open never half-opens").isFalse();

        override("api", Mode.FORCED_CLOSED);
        assertThat(state("api")).isEqualTo(BreakerState.DISABLED);
        fail("api", 10);
        assertThat(state("api")).isEqualTo(BreakerState.DISABLED);
        assertThat(breakers.allows("api", null)).isTrue();

        override("api", Mode.AUTO);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        fail("api", 4);
        assertThat(state("api")).isEqualTo(BreakerState.OPEN);
        assertThat(breakers.recentTransitions()).extracting(BreakerTransition::to).containsExactly(
                BreakerState.FORCED_OPEN, BreakerState.DISABLED, BreakerState.CLOSED, BreakerState.OPEN);
    }

    @Test
    void shouldResetAnAutomaticallyOpenBreakerOnAuto() {
        fail("api", 4);
        BreakerOverride stored = override("api", Mode.AUTO);
        assertThat(state("api")).isEqualTo(BreakerState.CLOSED);
        assertThat(snapshot("api").override()).isEqualTo(stored);
        assertThat(stored.actor()).isEqualTo("alice");
        assertThat(stored.sequence()).isEqualTo(1);
    }

    @Test
    void shouldNeverTripWhenDisabledButStillObeyOverrides() {
        breakers.configure(List.of(upstream("api", Upstreams.disabled())));
        fail("api", 10);
        assertThat(state("api")).isEqualTo(BreakerState.METRICS_ONLY);
        assertThat(snapshot("api").failureRate()).isEqualTo(100f);
        override("api", Mode.FORCED_OPEN);
        assertThatThrownBy(() -> breakers.acquire("api", null)).isInstanceOf(GatewayException.class);
        override("api", Mode.AUTO);
        assertThat(state("api")).isEqualTo(BreakerState.METRICS_ONLY);
    }

    @Test
    void shouldApplyAnOverrideWhenItsBreakerAppearsLater() {
        override("later", Mode.FORCED_OPEN);
        override("api@http://10.0.0.9:80", Mode.FORCED_OPEN);
        breakers.configure(List.of(upstream("later", counting("upstream")), upstream("api", counting("endpoint"), "http://10.0.0.9")));
        assertThat(state("later")).isEqualTo(BreakerState.FORCED_OPEN);
        assertThat(breakers.allows("api", "http://10.0.0.9:80")).isFalse();
    }

    @Test
    void shouldApplyOverridesAlreadyStoredWhenBreakersStart() {
        override("api", Mode.FORCED_OPEN);
        try (Breakers second = new Breakers("node-1", clock, store)) {
            second.configure(List.of(upstream("api", counting("upstream"))));
            assertThat(second.allows("api", null)).isFalse();
        }
    }

    @Test
    void shouldIgnoreAnOverrideOlderThanTheOneInForceWhenDeliveredOutOfOrder() {
        BreakerOverride newer = new BreakerOverride("api", Mode.FORCED_OPEN, "bob", "", clock.instant(), 7);
        BreakerOverride older = new BreakerOverride("api", Mode.FORCED_CLOSED, "alice", "", clock.instant().plusSeconds(60), 6);
        ScriptedStore scripted = new ScriptedStore();
        try (Breakers b = new Breakers("node-1", clock, scripted)) {
            b.configure(List.of(upstream("api", counting("upstream"))));
            scripted.deliver(newer);
            scripted.deliver(older);
            assertThat(b.snapshot().getFirst().state()).isEqualTo(BreakerState.FORCED_OPEN);
            assertThat(b.snapshot().getFirst().override()).isEqualTo(newer);
            scripted.deliver(older);
            BreakerConfig changed = new BreakerConfig(true, null, 60, 50, Duration.ofSeconds(1), "count", 10, 4, Duration.ofSeconds(10), 2);
            b.configure(List.of(upstream("api", changed)));
            assertThat(b.snapshot().getFirst().override()).as("a rebuilt breaker gets the newest, too").isEqualTo(newer);
        }
    }

    @Test
    void shouldStopApplyingOverridesOnceClosed() {
        ScriptedStore scripted = new ScriptedStore();
        Breakers b = new Breakers("node-1", clock, scripted);
        b.configure(List.of(upstream("api", counting("upstream"))));
        b.close();
        scripted.deliver(new BreakerOverride("api", Mode.FORCED_OPEN, "bob", "", clock.instant(), 1));
        assertThat(b.allows("api", null)).isTrue();
    }

    @Test
    void shouldPublishTransitionsToListeners() throws Exception {
        List<BreakerTransition> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable listening = breakers.onTransition(seen::add);
        fail("api", 4);
        clock.advance(Duration.ofSeconds(11));
        breakers.acquire("api", null).onSuccess(MS);
        listening.close();
        override("api", Mode.FORCED_OPEN);
        assertThat(seen).extracting(t -> t.from() + ">" + t.to()).containsExactly("CLOSED>OPEN", "OPEN>HALF_OPEN");
    }

    private BreakerOverride override(String breaker, Mode mode) {
        return store.put(BreakerOverride.request(breaker, mode, "alice", "test", clock.instant()));
    }

    private void openThenWait() {
        fail("api", 4);
        clock.advance(Duration.ofSeconds(11));
    }

    private void fail(String upstream, int times) {
        for (int i = 0; i < times; i++) {
            breakers.acquire(upstream, null).onFailure(10 * MS);
        }
    }

    private void succeed(String upstream, int times, long millis) {
        for (int i = 0; i < times; i++) {
            breakers.acquire(upstream, null).onSuccess(millis * MS);
        }
    }

    private String retryAfter(String upstream, String origin) {
        try {
            breakers.acquire(upstream, origin).release();
            throw new AssertionError("expected the breaker to refuse");
        } catch (GatewayException e) {
            assertThat(e.failure()).isEqualTo(Failure.CIRCUIT_OPEN);
            assertThat(e.headers()).hasSize(1);
            assertThat(e.headers().getFirst().getName()).isEqualTo("Retry-After");
            return e.headers().getFirst().getValue();
        }
    }

    private BreakerState state(String name) {
        return snapshot(name).state();
    }

    private BreakerSnapshot snapshot(String name) {
        return breakers.snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
