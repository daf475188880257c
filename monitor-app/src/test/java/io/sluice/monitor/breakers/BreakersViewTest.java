package io.sluice.monitor.breakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.BreakerInfo;
import io.sluice.monitor.testing.Fx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** The breakers view on the headless toolkit: rows coloured by state, buttons, prompt and action, labels. */
class BreakersViewTest {

    private final BreakersViewModelTest fixture = new BreakersViewModelTest();

    @Test
    void rowsAreColouredAndTripAsksThenActs() {
        List<String> asked = new ArrayList<>();
        Shown s = Fx.call(() -> {
            BreakersViewModel vm = fixture.vm(BreakersViewModelTest.DANA);
            BreakersView view = new BreakersView(vm, (title, question) -> {
                asked.add(title);
                return Optional.of("drill");
            });
            Scene scene = new Scene(view, 1200, 700);
            vm.drain();
            view.applyCss();
            view.layout();
            @SuppressWarnings("unchecked")
            TableView<BreakerRow> table = (TableView<BreakerRow>) scene.lookup("#breakers");
            Button trip = (Button) scene.lookup("#trip");
            boolean disabledWithoutSelection = trip.isDisabled();
            int openRows = view.lookupAll(".table-row-cell.state-open").size();
            int closedRows = view.lookupAll(".table-row-cell.state-closed").size();

            table.getSelectionModel().select(2); // node-2/demo
            boolean enabledWithSelection = !trip.isDisabled() && !scene.lookup("#reset").isDisabled()
                    && !scene.lookup("#auto").isDisabled();
            trip.fire();
            view.applyCss();
            view.layout();
            String message = ((Label) scene.lookup("#breakers-message")).getText();
            TableView<?> overrides = (TableView<?>) scene.lookup("#overrides");
            BreakerRow selectedAfter = table.getSelectionModel().getSelectedItem();
            return new Shown(table.getItems().size(), openRows, closedRows, disabledWithoutSelection,
                    enabledWithSelection, message, overrides.getItems().size(),
                    selectedAfter == null ? null : selectedAfter.key(),
                    ((Label) scene.lookup("#breakers-status")).getText());
        });

        assertThat(s.rows()).isEqualTo(3);
        assertThat(s.openRows()).isEqualTo(1);
        assertThat(s.closedRows()).isEqualTo(2);
        assertThat(s.disabledWithoutSelection()).isTrue();
        assertThat(s.enabledWithSelection()).isTrue();
        assertThat(asked).containsExactly("Trip breaker demo");
        assertThat(fixture.sent).containsExactly("demo forced-open drill");
        assertThat(s.message()).isEqualTo("dana tripped demo: drill");
        assertThat(s.overrides()).isEqualTo(1);
        assertThat(s.selectedAfter()).as("the selection survives the refresh after acting").isEqualTo("node-2/demo");
        assertThat(s.status()).startsWith("3 breakers on 2 nodes");
    }

    @Test
    void theSelectionSurvivesRefreshesThatChangeTheRows() {
        String key = Fx.call(() -> {
            BreakersViewModel vm = fixture.vm(BreakersViewModelTest.DANA);
            BreakersView view = new BreakersView(vm, (t, q) -> Optional.empty());
            new Scene(view, 1200, 700);
            vm.drain();
            @SuppressWarnings("unchecked")
            TableView<BreakerRow> table = (TableView<BreakerRow>) view.lookup("#breakers");
            table.getSelectionModel().select(1); // node-1/demo
            fixture.answer = BreakersViewModelTest.view(List.of(
                    BreakersViewModelTest.breaker("node-2", "demo", "CLOSED", "AUTO", 1f, 0f, null),
                    BreakersViewModelTest.breaker("node-1", "demo", "HALF_OPEN", "AUTO", 33f, 0f,
                            new BreakerInfo.Transition("OPEN", "HALF_OPEN", "2025-03-01T11:59:59Z")),
                    BreakersViewModelTest.breaker("node-1", "billing", "CLOSED", "AUTO", 0f, 0f, null)), List.of());
            vm.refresh();
            BreakerRow now = table.getSelectionModel().getSelectedItem();
            return now == null ? null : now.key() + " " + now.stateText();
        });
        assertThat(key).isEqualTo("node-1/demo half-open");
    }

    @Test
    void aViewerSeesTheButtonsDisabled() {
        List<Boolean> disabled = Fx.call(() -> {
            BreakersViewModel vm = fixture.vm(BreakersViewModelTest.VIC);
            BreakersView view = new BreakersView(vm, (t, q) -> Optional.of("x"));
            new Scene(view, 1200, 700);
            vm.drain();
            BreakersViewModelTest.select(vm, "node-1/demo");
            return view.lookupAll(".button").stream()
                    .filter(n -> List.of("trip", "reset", "auto").contains(n.getId()))
                    .map(Node::isDisabled).toList();
        });
        assertThat(disabled).containsExactly(true, true, true);
    }

    record Shown(int rows, int openRows, int closedRows, boolean disabledWithoutSelection, boolean enabledWithSelection,
                 String message, int overrides, String selectedAfter, String status) {
    }
}
