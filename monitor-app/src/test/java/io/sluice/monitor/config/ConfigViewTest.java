package io.sluice.monitor.config;

import static io.sluice.monitor.config.ConfigViewModelTest.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ReasonPrompt;
import io.sluice.monitor.testing.Fx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;

/** Picking a version in the table shows its YAML; the rollback button confirms, and is off for viewers. */
class ConfigViewTest {

    @Test
    void selectAVersionAndRollBackToIt() {
        FakeConfig config = new FakeConfig(2);
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), true);
        List<String> questions = new ArrayList<>();
        ReasonPrompt prompt = (title, question) -> {
            questions.add(question);
            return Optional.of("undo");
        };

        Fx.run(() -> {
            ConfigView view = new ConfigView(vm, prompt);
            new Scene(view, 1000, 700);
            vm.refresh();
            vm.nodes(List.of(node("node-1", 2, null), node("node-2", 1, "bad route")));
            view.applyCss();
            view.layout();

            @SuppressWarnings("unchecked")
            TableView<HistoryRow> history = (TableView<HistoryRow>) view.lookup("#config-history");
            TableView<?> nodes = (TableView<?>) view.lookup("#config-nodes");
            TextArea yaml = (TextArea) view.lookup("#config-yaml");
            Button rollback = (Button) view.lookup("#rollback");
            assertThat(nodes.getItems()).hasSize(2);
            assertThat(history.getItems()).extracting(HistoryRow::version).containsExactly(2L, 1L);
            assertThat(history.getSelectionModel().getSelectedItem().version()).as("the current version").isEqualTo(2);
            assertThat(yaml.getText()).isEqualTo("rate: 200\n");
            assertThat(yaml.isEditable()).isFalse();
            assertThat(rollback.isDisabled()).isTrue();

            history.getSelectionModel().select(1);
            assertThat(vm.selectedVersionProperty().get()).isEqualTo(1);
            assertThat(yaml.getText()).isEqualTo("rate: 100\n");
            assertThat(rollback.isDisabled()).isFalse();
            assertThat(rollback.getText()).isEqualTo("Roll back to version 1…");

            rollback.fire();

            assertThat(questions).containsExactly("Roll back to version 1? Every node applies it.");
            assertThat(config.rollbacks).containsExactly("1:undo");
            assertThat(history.getItems()).extracting(HistoryRow::version).containsExactly(3L, 2L, 1L);
            assertThat(history.getSelectionModel().getSelectedItem().version()).isEqualTo(3);
            assertThat(yaml.getText()).isEqualTo("rate: 100\n");
            assertThat(rollback.isDisabled()).isTrue();
            assertThat(((Label) view.lookup("#config-message")).getText()).contains("Version 3 is version 1 again");
        });
    }

    @Test
    void aViewerSeesEverythingButCannotRollBack() {
        FakeConfig config = new FakeConfig(2);
        ConfigViewModel vm = new ConfigViewModel(config, Calls.inline(), false);
        Fx.run(() -> {
            ConfigView view = new ConfigView(vm, (t, q) -> {
                throw new AssertionError("a viewer is never asked");
            });
            new Scene(view, 1000, 700);
            vm.refresh();
            @SuppressWarnings("unchecked")
            TableView<HistoryRow> history = (TableView<HistoryRow>) view.lookup("#config-history");
            history.getSelectionModel().select(1);
            Button rollback = (Button) view.lookup("#rollback");
            assertThat(((TextArea) view.lookup("#config-yaml")).getText()).isEqualTo("rate: 100\n");
            assertThat(rollback.isDisabled()).isTrue();
            rollback.fire();
            assertThat(config.rollbacks).isEmpty();
        });
    }
}
