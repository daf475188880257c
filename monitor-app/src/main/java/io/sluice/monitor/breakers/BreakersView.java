package io.sluice.monitor.breakers;

import io.sluice.monitor.session.ReasonPrompt;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The breakers tab: every breaker per upstream and node, coloured by state, the Trip / Reset /
 * Auto buttons for the selected breaker (they act on every node, after the {@link ReasonPrompt}),
 * and the operator actions seen so far. It only binds to a {@link BreakersViewModel} and forwards
 * clicks to it.
 *
 * <p>Ids: {@code breakers} (the breakers table; each row has the style class of its state, e.g.
 * {@code state-open}, see {@link BreakerRow.State#styleClass()}), {@code trip}, {@code reset},
 * {@code auto} (disabled for a viewer certificate, with nothing selected, or while an action is on
 * its way), {@code overrides} (who did what and when), {@code breakers-message} (the last action's
 * outcome or refusal) and {@code breakers-status} (what was read when, or why not).
 */
public final class BreakersView extends BorderPane {

    private static final List<String> STATE_CLASSES = Arrays.stream(BreakerRow.State.values())
            .map(BreakerRow.State::styleClass).toList();

    private final BreakersViewModel vm;
    private final TableView<BreakerRow> breakers = new TableView<>();

    /** @param prompt asks for confirmation and a reason before any action */
    public BreakersView(BreakersViewModel vm, ReasonPrompt prompt) {
        this.vm = Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(prompt, "prompt");
        getStyleClass().add("breakers");
        getStylesheets().add(BreakersView.class.getResource("breakers.css").toExternalForm());

        Button trip = button("trip", "Trip", "Force the selected breaker open on every node");
        Button reset = button("reset", "Reset", "Force the selected breaker closed on every node");
        Button auto = button("auto", "Auto", "Give the selected breaker back its own decisions on every node");
        trip.setOnAction(e -> vm.trip(prompt));
        reset.setOnAction(e -> vm.reset(prompt));
        auto.setOnAction(e -> vm.auto(prompt));
        for (Button b : List.of(trip, reset, auto)) {
            b.disableProperty().bind(vm.canActProperty().not().or(vm.selectedProperty().isNull()).or(vm.busyProperty()));
        }
        Label target = new Label();
        target.setId("breakers-target");
        target.textProperty().bind(vm.selectedProperty().map(r -> "Breaker " + r.breaker() + " (all nodes)")
                .orElse("Select a breaker"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label who = new Label(vm.canActProperty().get() ? "acting as " + vm.actingAs() : vm.actingAs() + ": read only");
        who.getStyleClass().add("breakers-identity");
        HBox bar = new HBox(8, target, trip, reset, auto, gap, who);
        bar.setAlignment(Pos.CENTER_LEFT);

        breakers.setId("breakers");
        breakers.setItems(vm.rows());
        breakers.setPlaceholder(new Label("No breakers read yet"));
        breakers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        breakers.getColumns().setAll(List.of(
                column("Upstream", BreakerRow::upstream, 100),
                column("Breaker", BreakerRow::breaker, 120),
                column("Endpoint", BreakerRow::endpoint, 160),
                column("Node", BreakerRow::node, 90),
                stateColumn(),
                column("Mode", BreakerRow::mode, 100),
                column("Failures", BreakerRow::failure, 80),
                column("Slow", BreakerRow::slow, 80),
                column("Calls", r -> Integer.toString(r.calls()), 60),
                column("Last change", BreakerRow::lastTransition, 200)));
        breakers.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(BreakerRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll(STATE_CLASSES);
                if (!empty && row != null) {
                    getStyleClass().add(row.state().styleClass());
                }
            }
        });
        // the table follows the view model's selection, which survives refreshes; a null from the
        // table (its items were replaced) is not the operator's choice and is ignored
        breakers.getSelectionModel().selectedItemProperty().addListener((o, before, row) -> {
            if (row != null && row != vm.selectedProperty().get()) {
                vm.select(row);
            }
        });
        vm.selectedProperty().addListener((o, before, row) -> showSelection());
        vm.rows().addListener((ListChangeListener<BreakerRow>) c -> showSelection());

        TableView<OverrideRow> overrides = new TableView<>(vm.overrides());
        overrides.setId("overrides");
        overrides.setPlaceholder(new Label("No operator actions seen"));
        overrides.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        overrides.setPrefHeight(160);
        overrides.getColumns().setAll(List.of(
                column("When", OverrideRow::when, 150),
                column("Who", OverrideRow::actor, 110),
                column("Breaker", OverrideRow::breaker, 120),
                column("Action", OverrideRow::action, 160),
                column("Reason", OverrideRow::reason, 300)));

        Label message = new Label();
        message.setId("breakers-message");
        message.getStyleClass().add("breakers-message");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        Label status = new Label();
        status.setId("breakers-status");
        status.getStyleClass().add("breakers-status");
        status.textProperty().bind(vm.statusProperty());
        Label actionsTitle = new Label("Operator actions (cluster-wide: who, when, why)");
        actionsTitle.getStyleClass().add("breakers-section");

        VBox content = new VBox(8, bar, breakers, message, actionsTitle, overrides, status);
        VBox.setVgrow(breakers, Priority.ALWAYS);
        content.setPadding(new Insets(8));
        setCenter(content);
    }

    private void showSelection() {
        BreakerRow want = vm.selectedProperty().get();
        if (want == null) {
            return;
        }
        int i = breakers.getItems().indexOf(want);
        if (i >= 0 && breakers.getSelectionModel().getSelectedIndex() != i) {
            breakers.getSelectionModel().clearAndSelect(i);
        }
    }

    private static Button button(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<BreakerRow, String> stateColumn() {
        TableColumn<BreakerRow, String> c = column("State", BreakerRow::stateText, 110);
        c.getStyleClass().add("state-column");
        return c;
    }

    /** The view model this view shows (for the composition root and tests). */
    public BreakersViewModel viewModel() {
        return vm;
    }
}
