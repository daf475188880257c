package io.sluice.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.client.AdminEvent;
import io.sluice.client.AdminException;
import io.sluice.model.NodeInfo;
import io.sluice.model.Problem;
import io.sluice.model.StreamEvent;
import io.sluice.monitor.config.NodeVersionRow.State;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.NodeState.Link;
import io.sluice.monitor.session.ReasonPrompt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * History and per-node versions, the selected version's YAML, rollback only after a confirmed
 * comment and only for operators, refusals as text, and config events that never pile up reads.
 */
class ConfigViewModelTest {

    private final FakeConfig config = new FakeConfig(3);
    private final List<String> asked = new ArrayList<>();

    private ReasonPrompt answering(String answer) {
        return (title, question) -> {
            asked.add(question);
            return Optional.ofNullable(answer);
        };
    }

    @Test
    void showsTheHistoryNewestFirstAndTheCurrentVersionsYaml() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        vm.refresh();

        assertThat(vm.currentVersionProperty().get()).isEqualTo(3);
        assertThat(vm.history()).extracting(HistoryRow::version, HistoryRow::current)
                .containsExactly(tuple(3L, true), tuple(2L, false), tuple(1L, false));
        HistoryRow newest = vm.history().getFirst();
        assertThat(newest.at()).isEqualTo("2026-01-03T10:00:00Z");
        assertThat(newest.shortSha()).hasSize(12);
        assertThat(vm.selectedVersionProperty().get()).isEqualTo(3);
        assertThat(vm.yamlProperty().get()).isEqualTo("rate: 300\n");
        assertThat(config.versionReads).as("the current version came with its text").hasValue(0);

        vm.select(1);
        assertThat(vm.yamlProperty().get()).isEqualTo("rate: 100\n");
        vm.select(3);
        vm.select(1);
        assertThat(config.versionReads).as("a version's text is read once").hasValue(1);
    }

    @Test
    void eachNodeIsInStepBehindInErrorOrDown() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        vm.refresh();
        vm.nodes(List.of(
                node("node-1", 3, null),
                node("node-2", 2, null),
                node("node-3", 2, "routes[0].upstream: no upstream 'x'"),
                new NodeState("node-4", "https://n4", Link.DOWN, "node-4:19080 unreachable: connection refused",
                        info("node-4", 1, null), Instant.EPOCH, true),
                new NodeState("node-5", "https://n5", Link.CONNECTING, null, null, null, true),
                new NodeState("node-6", "https://n6", Link.UP, null, info("node-6", 1, null), Instant.EPOCH, false)));

        assertThat(vm.nodeRows()).extracting(NodeVersionRow::node, NodeVersionRow::running, NodeVersionRow::state)
                .containsExactly(
                        tuple("node-1", 3L, State.IN_STEP),
                        tuple("node-2", 2L, State.BEHIND),
                        tuple("node-3", 2L, State.CONFIG_ERROR),
                        tuple("node-4", 1L, State.DOWN),
                        tuple("node-5", 0L, State.UNKNOWN));
        assertThat(vm.nodeRows().get(1).status()).isEqualTo("behind (1 version)");
        assertThat(vm.nodeRows().get(2).status()).contains("no upstream 'x'");
        assertThat(vm.nodeRows().get(3).status()).contains("connection refused");
    }

    @Test
    void aNodeOnAVersionThisViewHasNotReadTriggersOneRead() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        vm.refresh();
        config.add("ops", "four", "rate: 400\n");

        vm.nodes(List.of(node("node-1", 4, null), node("node-2", 3, null)));

        assertThat(vm.currentVersionProperty().get()).isEqualTo(4);
        assertThat(vm.nodeRows()).extracting(NodeVersionRow::state).containsExactly(State.IN_STEP, State.BEHIND);
        int reads = config.reads.get();
        vm.nodes(List.of(node("node-1", 4, null), node("node-2", 4, null)));
        assertThat(config.reads).hasValue(reads);
    }

    @Test
    void rollbackAsksForACommentThenRollsBackAndShowsTheNewVersion() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        vm.refresh();
        assertThat(vm.canRollbackProperty().get()).as("the current version is selected").isFalse();
        vm.select(1);
        assertThat(vm.canRollbackProperty().get()).isTrue();

        vm.rollback(answering("  undo the rate change "));

        assertThat(asked).containsExactly("Roll back to version 1? Every node applies it.");
        assertThat(config.rollbacks).containsExactly("1:undo the rate change");
        assertThat(vm.currentVersionProperty().get()).isEqualTo(4);
        assertThat(vm.selectedVersionProperty().get()).as("the new version is shown").isEqualTo(4);
        assertThat(vm.yamlProperty().get()).isEqualTo("rate: 100\n");
        assertThat(vm.history().getFirst().comment()).isEqualTo("rollback to version 1: undo the rate change");
        assertThat(vm.messageProperty().get()).contains("Version 4 is version 1 again");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void cancelOrABlankCommentSendsNothing() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        vm.refresh();
        vm.select(2);

        vm.rollback(answering(null));
        vm.rollback(answering("   "));
        vm.rollback(answering(""));

        assertThat(asked).hasSize(3);
        assertThat(config.rollbacks).isEmpty();
        assertThat(vm.currentVersionProperty().get()).isEqualTo(3);
        assertThat(vm.messageProperty().get()).isEmpty();
    }

    @Test
    void aViewerMayNotRollBackAndIsNotEvenAsked() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), false);
        vm.refresh();
        vm.select(1);

        assertThat(vm.canActProperty().get()).isFalse();
        assertThat(vm.canRollbackProperty().get()).isFalse();
        vm.rollback(answering("undo"));
        assertThat(asked).isEmpty();
        assertThat(config.rollbacks).isEmpty();
    }

    @Test
    void aRefusedRollbackSaysWhyAndChangesNothing() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        vm.refresh();
        vm.select(2);
        config.refuseRollback = new AdminException(403,
                new Problem("about:blank", "Forbidden", 403, "this certificate's role may not do that", null, null));

        vm.rollback(answering("undo"));

        assertThat(vm.messageProperty().get()).isEqualTo(
                "Rollback to version 2 refused: Forbidden: this certificate's role may not do that (HTTP 403)");
        assertThat(vm.currentVersionProperty().get()).isEqualTo(3);
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.canRollbackProperty().get()).as("the operator may try again").isTrue();
    }

    @Test
    void aFailedReadIsShownAndClearedByTheNextGoodOne() {
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        config.refuseReads = new IllegalStateException("no config yet");
        vm.refresh();
        assertThat(vm.messageProperty().get()).isEqualTo("Config not read: no config yet");
        config.refuseReads = null;
        vm.refresh();
        assertThat(vm.messageProperty().get()).isEmpty();
        assertThat(vm.history()).hasSize(3);
    }

    @Test
    void configEventsMarkTheViewStaleWithAtMostOneReadInFlight() {
        List<Runnable> io = new ArrayList<>();
        List<Runnable> ui = new ArrayList<>();
        ConfigViewModel vm = new ConfigViewModel(config, new Calls(io::add, ui::add), true);
        AdminEvent applied = new AdminEvent("config", "1",
                new StreamEvent.Config("node-1", 4, "ops", "four", "2026-01-04T10:00:00Z", null), "{}");
        AdminEvent metrics = new AdminEvent("metrics", "2", "{}", "{}");

        vm.event("node-1", metrics);
        assertThat(ui).as("other events are ignored").isEmpty();
        for (int i = 0; i < 5; i++) {
            vm.event("node-" + (i % 2 + 1), applied);
        }
        assertThat(ui).as("events coalesce before the UI thread runs").hasSize(1);
        runAll(ui);
        assertThat(io).hasSize(1);

        for (int i = 0; i < 5; i++) {
            vm.event("node-2", applied);
            runAll(ui);
        }
        assertThat(io).as("one read in flight").hasSize(1);
        io.removeFirst().run();
        runAll(ui);
        assertThat(io).as("one more read for the events that came meanwhile").hasSize(1);
        io.removeFirst().run();
        runAll(ui);
        assertThat(io).isEmpty();
        assertThat(config.reads).hasValue(2);
        assertThat(vm.history()).hasSize(3);
    }

    @Test
    void nodeListsFromTheSessionReachTheUiThreadNewestOnly() {
        List<Runnable> ui = new ArrayList<>();
        ConfigViewModel vm = new ConfigViewModel(config, new Calls(Runnable::run, ui::add), true);
        vm.nodes(List.of(node("node-1", 1, null)));
        vm.nodes(List.of(node("node-1", 2, null)));
        vm.nodes(List.of(node("node-1", 3, null), node("node-2", 3, null)));
        assertThat(ui).hasSize(1);
        assertThat(vm.nodeRows()).isEmpty();
        runAll(ui);
        assertThat(vm.nodeRows()).extracting(NodeVersionRow::node).containsExactly("node-1", "node-2");
    }

    private static void runAll(List<Runnable> queue) {
        while (!queue.isEmpty()) {
            queue.removeFirst().run();
        }
    }

    static NodeState node(String id, long version, String error) {
        return new NodeState(id, "https://" + id, Link.UP, null, info(id, version, error), Instant.EPOCH, true);
    }

    static NodeInfo info(String id, long version, String error) {
        return new NodeInfo(id, "0.1.0", "2026-01-01T00:00:00Z", 60, version, error, false, "https://" + id, null);
    }
}
