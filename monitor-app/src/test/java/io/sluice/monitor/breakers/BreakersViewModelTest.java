package io.sluice.monitor.breakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.client.AdminEvent;
import io.sluice.client.AdminException;
import io.sluice.client.NodeUnreachableException;
import io.sluice.model.BreakerInfo;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.Problem;
import io.sluice.model.StreamEvent;
import io.sluice.monitor.breakers.BreakerRow.State;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.Identity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The breakers view model without a toolkit or a network: reading, refreshing, acting, refusals. */
class BreakersViewModelTest {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Identity DANA = new Identity("dana", "operator", "CN=dana,OU=operator");
    static final Identity VIC = new Identity("vic", "viewer", "CN=vic,OU=viewer");

    final TestClock clock = new TestClock(T0);
    final List<String> sent = new ArrayList<>();
    int reads;
    BreakersView answer = view(List.of(
            breaker("node-2", "demo", "CLOSED", "AUTO", 12.5f, -1f, null),
            breaker("node-1", "demo", "OPEN", "AUTO", 75f, 0f, new BreakerInfo.Transition("CLOSED", "OPEN", "2025-03-01T11:58:04Z")),
            breaker("node-1", "billing", "CLOSED", "AUTO", 0f, 0f, null)), List.of());
    RuntimeException readFails;
    RuntimeException actFails;

    BreakersViewModel vm(Identity who) {
        return new BreakersViewModel(this::read, this::override, who, Calls.inline(), clock);
    }

    BreakersView read() {
        reads++;
        if (readFails != null) {
            throw readFails;
        }
        return answer;
    }

    BreakerOverrideInfo override(String breaker, String mode, String reason) {
        sent.add(breaker + " " + mode + " " + reason);
        if (actFails != null) {
            throw actFails;
        }
        String m = mode.toUpperCase().replace('-', '_');
        BreakerOverrideInfo done = new BreakerOverrideInfo(breaker, m, "dana", reason, clock.instant().toString(), sent.size());
        answer = view(answer.breakers(), List.of(done));
        return done;
    }

    @Test
    void readsOnStartAndShowsEveryBreakerPerUpstreamAndNode() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();

        assertThat(reads).isEqualTo(1);
        assertThat(vm.rows()).extracting(BreakerRow::key)
                .as("by upstream, then breaker, then node").containsExactly("node-1/billing", "node-1/demo", "node-2/demo");
        BreakerRow open = vm.rows().get(1);
        assertThat(open.state()).isEqualTo(State.OPEN);
        assertThat(open.stateText()).isEqualTo("open");
        assertThat(open.mode()).isEqualTo("auto");
        assertThat(open.failure()).isEqualTo("75.0 %");
        assertThat(open.lastTransition()).isEqualTo("closed → open at 11:58:04");
        BreakerRow few = vm.rows().get(2);
        assertThat(few.slow()).as("fewer calls than the breaker's minimum").isEqualTo("—");
        assertThat(few.lastTransition()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("3 breakers on 2 nodes");
        assertThat(vm.canActProperty().get()).isTrue();
    }

    @Test
    void refreshesEveryTwoSecondsAndAtOnceAfterABreakerEvent() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        clock.advance(Duration.ofMillis(1500));
        vm.drain();
        assertThat(reads).isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        vm.drain();
        assertThat(reads).isEqualTo(2);

        vm.event("node-2", new AdminEvent("breaker", "7", new StreamEvent.Breaker("node-2", "demo", "CLOSED", "OPEN",
                T0.toString()), "{}"));
        vm.drain();
        assertThat(reads).isEqualTo(3);
        vm.event("node-2", new AdminEvent("metrics", "8", "{}", "{}"));
        vm.drain();
        assertThat(reads).isEqualTo(3);
    }

    @Test
    void tripSendsForcedOpenWithTheReasonThenReadsAgain() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        select(vm, "node-2/demo");
        List<String> asked = new ArrayList<>();

        vm.trip((title, question) -> {
            asked.add(title + " | " + question);
            return Optional.of("  drill ");
        });

        assertThat(asked).singleElement().asString().startsWith("Trip breaker demo | Every node answers 503 for demo");
        assertThat(sent).containsExactly("demo forced-open drill");
        assertThat(vm.messageProperty().get()).isEqualTo("dana tripped demo: drill");
        assertThat(reads).as("read again after acting").isEqualTo(2);
        assertThat(vm.overrides()).singleElement().satisfies(o -> {
            assertThat(o.actor()).isEqualTo("dana");
            assertThat(o.breaker()).isEqualTo("demo");
            assertThat(o.action()).isEqualTo("trip (forced open)");
            assertThat(o.reason()).isEqualTo("drill");
            assertThat(o.when()).isEqualTo("12:00:00");
        });
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void resetIsForcedClosedAndAutoIsAuto() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        select(vm, "node-1/demo");
        vm.reset((t, q) -> Optional.of("upstream is fine"));
        clock.advance(Duration.ofSeconds(5));
        vm.auto((t, q) -> Optional.of("done"));

        assertThat(sent).containsExactly("demo forced-closed upstream is fine", "demo auto done");
        assertThat(vm.messageProperty().get()).isEqualTo("dana set demo back to auto: done");
        assertThat(vm.overrides()).as("every action seen this session, newest first")
                .extracting(OverrideRow::action).containsExactly("auto", "reset (forced closed)");
    }

    @Test
    void cancelledOrBlankReasonsSendNothing() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        select(vm, "node-1/demo");
        vm.trip((t, q) -> Optional.empty());
        vm.trip((t, q) -> Optional.of("   "));
        vm.reset((t, q) -> null);
        assertThat(sent).isEmpty();
        assertThat(vm.messageProperty().get()).isEmpty();
    }

    @Test
    void nothingSelectedAsksNothing() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        List<String> asked = new ArrayList<>();
        vm.trip((t, q) -> {
            asked.add(t);
            return Optional.of("x");
        });
        assertThat(asked).isEmpty();
        assertThat(sent).isEmpty();
        assertThat(vm.messageProperty().get()).isEqualTo("Select a breaker first.");
    }

    @Test
    void aViewerCannotActAndARefusalIsShown() {
        actFails = new AdminException(403, new Problem("about:blank", "Forbidden", 403,
                "certificate CN=vic has role viewer; this needs operator", null, null));
        BreakersViewModel vm = vm(VIC);
        vm.drain();
        assertThat(vm.canActProperty().get()).isFalse();
        select(vm, "node-1/demo");

        vm.trip((t, q) -> Optional.of("drill"));

        assertThat(vm.messageProperty().get())
                .isEqualTo("Could not trip demo: Forbidden: certificate CN=vic has role viewer; this needs operator (HTTP 403)");
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.overrides()).isEmpty();
    }

    @Test
    void theSelectionSurvivesARefreshAndGoesWithItsNode() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        select(vm, "node-2/demo");
        answer = view(List.of(breaker("node-2", "demo", "HALF_OPEN", "AUTO", 50f, 0f, null),
                breaker("node-1", "demo", "OPEN", "AUTO", 75f, 0f, null)), List.of());
        vm.refresh();
        assertThat(vm.selectedProperty().get().state()).isEqualTo(State.HALF_OPEN);

        answer = view(List.of(breaker("node-1", "demo", "OPEN", "AUTO", 75f, 0f, null)), List.of());
        vm.refresh();
        assertThat(vm.selectedProperty().get()).as("node-2 left").isNull();
    }

    @Test
    void aFailedReadKeepsTheRowsAndSaysWhy() {
        BreakersViewModel vm = vm(DANA);
        vm.drain();
        readFails = new NodeUnreachableException(URI.create("https://127.0.0.1:19080/admin/v1"), "Connection refused",
                new java.net.ConnectException("Connection refused"));
        vm.refresh();
        assertThat(vm.rows()).hasSize(3);
        assertThat(vm.statusProperty().get()).startsWith("Breakers not read: 127.0.0.1:19080 unreachable")
                .endsWith("(showing the last answer)");
    }

    @Test
    void statesAndTheirStyleClasses() {
        assertThat(State.of("DISABLED", "FORCED_CLOSED")).isEqualTo(State.FORCED_CLOSED);
        assertThat(State.of("DISABLED", "AUTO")).isEqualTo(State.DISABLED);
        assertThat(State.of("FORCED_OPEN", "FORCED_OPEN").styleClass()).isEqualTo("state-forced-open");
        assertThat(State.HALF_OPEN.styleClass()).isEqualTo("state-half-open");
        assertThat(State.of("SOMETHING_NEW", null)).isEqualTo(State.UNKNOWN);
        BreakerRow row = BreakerRow.of(breaker("node-1", "demo", "DISABLED", "FORCED_CLOSED", -1f, -1f,
                new BreakerInfo.Transition("OPEN", "DISABLED", "2025-02-20T08:00:00Z")), T0, ZoneOffset.UTC);
        assertThat(row.stateText()).isEqualTo("forced closed");
        assertThat(row.mode()).isEqualTo("forced-closed");
        assertThat(row.lastTransition()).as("older than a day: with the date").isEqualTo("open → disabled at 2025-02-20 08:00:00");
    }

    // ---- fixtures ----

    static void select(BreakersViewModel vm, String key) {
        vm.select(vm.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow());
    }

    static BreakerInfo breaker(String node, String name, String state, String mode, float failure, float slow,
                               BreakerInfo.Transition last) {
        String upstream = name.equals("billing") ? "accounts" : "demo";
        return new BreakerInfo(node, name, upstream, null, state, mode, failure, slow, 10, last);
    }

    static BreakersView view(List<BreakerInfo> breakers, List<BreakerOverrideInfo> overrides) {
        return new BreakersView(List.copyOf(breakers), List.copyOf(overrides));
    }

    /** A UTC clock the test moves by hand. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
