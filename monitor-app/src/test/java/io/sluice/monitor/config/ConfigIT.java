package io.sluice.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.client.AdminClient;
import io.sluice.model.ConfigVersion;
import io.sluice.monitor.config.NodeVersionRow.State;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CONFIG view against a real two-node cluster: a version applied by another operator shows up
 * from the live stream with both nodes on it; a rollback through the view asks, becomes a new
 * version with the old text, and every node runs it; a viewer's rollback button stays disabled.
 */
class ConfigIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void followsAppliedVersionsAndRollsBack() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession session = cluster.session(0, "dana", Role.OPERATOR);
             ClusterSession viewing = cluster.session(1, "vic", Role.VIEWER);
             AdminClient ops = cluster.client(1, "olga", Role.OPERATOR)) {
            List<String> questions = new ArrayList<>();
            ConfigViewModel vm = new ConfigViewModel(ConfigAdmin.using(session::any), Calls.fx(), session.identity().mayAct());
            session.addListener(vm);
            ConfigView view = Fx.call(() -> {
                ConfigView v = new ConfigView(vm, (title, question) -> {
                    questions.add(question);
                    return Optional.of("undo");
                });
                new Scene(v, 1000, 700);
                vm.refresh();
                return v;
            });
            Fx.waitUntil("version 1 on both nodes", WAIT, () -> vm.currentVersionProperty().get() == 1
                    && bothOn(vm, 1));

            String first = ops.configYaml();
            String slower = first.replace("rate: 1000,", "rate: 900,");
            assertThat(slower).as("the test changes the per-key rate").isNotEqualTo(first);
            ops.applyConfig(slower, "slower per-key", null);

            Fx.waitUntil("two versions, both nodes on 2", WAIT,
                    () -> vm.history().size() == 2 && vm.currentVersionProperty().get() == 2 && bothOn(vm, 2));
            Fx.run(() -> {
                assertThat(vm.history().getFirst().author()).isEqualTo("olga");
                assertThat(vm.history().getFirst().comment()).isEqualTo("slower per-key");
                assertThat(vm.selectedVersionProperty().get()).as("the view followed the new head").isEqualTo(2);
                vm.select(1);
            });
            Fx.waitUntil("version 1's text", WAIT,
                    () -> ((TextArea) view.lookup("#config-yaml")).getText().equals(first));

            Fx.run(() -> {
                Button rollback = (Button) view.lookup("#rollback");
                assertThat(rollback.isDisabled()).isFalse();
                rollback.fire();
            });
            cluster.fixture().awaitVersion(3);
            Fx.waitUntil("version 3 on both nodes", WAIT,
                    () -> vm.currentVersionProperty().get() == 3 && vm.history().size() == 3 && bothOn(vm, 3));

            assertThat(questions).containsExactly("Roll back to version 1? Every node applies it.");
            ConfigVersion third = ops.configVersion(3);
            assertThat(third.yaml()).isEqualTo(ops.configVersion(1).yaml());
            assertThat(third.author()).isEqualTo("dana");
            assertThat(third.comment()).isEqualTo("rollback to version 1: undo");
            Fx.run(() -> {
                assertThat(vm.selectedVersionProperty().get()).isEqualTo(3);
                assertThat(((TextArea) view.lookup("#config-yaml")).getText()).isEqualTo(first);
                assertThat(vm.messageProperty().get()).contains("Version 3 is version 1 again");
            });

            ConfigViewModel viewer = new ConfigViewModel(ConfigAdmin.using(viewing::any), Calls.fx(),
                    viewing.identity().mayAct());
            ConfigView viewerView = Fx.call(() -> {
                ConfigView v = new ConfigView(viewer, (t, q) -> {
                    throw new AssertionError("a viewer is never asked");
                });
                new Scene(v, 1000, 700);
                viewer.refresh();
                return v;
            });
            Fx.waitUntil("the viewer's history", WAIT, () -> viewer.history().size() == 3);
            Fx.run(() -> viewer.select(1));
            Fx.waitUntil("the viewer sees version 1's text", WAIT, () -> viewer.yamlProperty().get().equals(first));
            Fx.run(() -> {
                assertThat(viewer.canActProperty().get()).isFalse();
                assertThat(((Button) viewerView.lookup("#rollback")).isDisabled()).isTrue();
            });
        }
    }

    private static boolean bothOn(ConfigViewModel vm, long version) {
        return vm.nodeRows().size() == 2 && vm.nodeRows().stream()
                .allMatch(r -> r.running() == version && r.state() == State.IN_STEP);
    }
}
