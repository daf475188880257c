package io.sluice.monitor.config;

import io.sluice.monitor.session.ReasonPrompt;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

/**
 * The CONFIG tab: which version each member runs, the kept history with the selected version's
 * YAML beside it, and a rollback to the selected version. The table and the view model keep one
 * selection: picking a row shows its YAML, and a new current version is picked when the current
 * one was being looked at.
 *
 * <p>Ids: {@code config-nodes} (version per node), {@code config-history}, {@code config-yaml}
 * (read-only), {@code rollback} (disabled for viewers and for the current version),
 * {@code config-message}.
 */
public final class ConfigView extends BorderPane {

    private final ConfigViewModel vm;
    private final TableView<HistoryRow> history;

    public ConfigView(ConfigViewModel vm, ReasonPrompt prompt) {
        this.vm = Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(prompt, "prompt");
        getStyleClass().add("config-view");
        getStylesheets().add(ConfigView.class.getResource("config.css").toExternalForm());

        TableView<NodeVersionRow> nodes = new TableView<>(vm.nodeRows());
        nodes.setId("config-nodes");
        nodes.setPlaceholder(new Label("No member known yet."));
        nodes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nodes.setPrefHeight(140);
        nodes.getColumns().add(column("Node", NodeVersionRow::node));
        nodes.getColumns().add(column("Running version", r -> r.running() == 0 ? "—" : Long.toString(r.running())));
        TableColumn<NodeVersionRow, String> status = column("Status", NodeVersionRow::status);
        status.setCellFactory(c -> new StateCell());
        nodes.getColumns().add(status);

        history = new TableView<>(vm.history());
        history.setId("config-history");
        history.setPlaceholder(new Label("No config version read yet."));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.getColumns().add(column("Version", r -> Long.toString(r.version())));
        history.getColumns().add(column("At (UTC)", HistoryRow::at));
        history.getColumns().add(column("Author", HistoryRow::author));
        history.getColumns().add(column("Comment", HistoryRow::comment));
        history.getColumns().add(column("SHA-256", HistoryRow::shortSha));
        history.setRowFactory(t -> new CurrentRow());
        history.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (row != null) {
                vm.select(row.version());
            }
        });
        vm.selectedVersionProperty().addListener(o -> showSelection());
        vm.history().addListener((ListChangeListener<HistoryRow>) c -> showSelection());

        TextArea yaml = new TextArea();
        yaml.setId("config-yaml");
        yaml.setEditable(false);
        yaml.getStyleClass().add("yaml");
        yaml.textProperty().bind(vm.yamlProperty());

        // a grid rather than a split pane: its children are in the scene graph from the start,
        // so lookups by id work before the first layout (tests, the snapshot script)
        GridPane versions = new GridPane(8, 0);
        versions.getColumnConstraints().addAll(percent(55), percent(45));
        RowConstraints fill = new RowConstraints();
        fill.setVgrow(Priority.ALWAYS);
        versions.getRowConstraints().add(fill);
        versions.add(history, 0, 0);
        versions.add(yaml, 1, 0);

        Button rollback = new Button();
        rollback.setId("rollback");
        rollback.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedVersionProperty().get() > 0
                ? "Roll back to version " + vm.selectedVersionProperty().get() + "…" : "Roll back…",
                vm.selectedVersionProperty()));
        rollback.disableProperty().bind(vm.canRollbackProperty().not());
        rollback.setOnAction(e -> vm.rollback(prompt));

        Label message = new Label();
        message.setId("config-message");
        message.getStyleClass().add("message");
        message.textProperty().bind(vm.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);

        Label nodesTitle = new Label("Version per node");
        nodesTitle.getStyleClass().add("section");
        Label versionsTitle = new Label("History");
        versionsTitle.getStyleClass().add("section");
        VBox top = new VBox(4, nodesTitle, nodes, versionsTitle);
        top.setPadding(new Insets(8, 8, 4, 8));
        setTop(top);
        setCenter(versions);
        BorderPane.setMargin(versions, new Insets(0, 8, 0, 8));
        HBox bottom = new HBox(8, rollback, message);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(8));
        setBottom(bottom);
        showSelection();
    }

    /** Selects the view model's version in the table when it is not selected already. */
    private void showSelection() {
        long version = vm.selectedVersionProperty().get();
        HistoryRow shown = history.getSelectionModel().getSelectedItem();
        if (shown != null && shown.version() == version) {
            return;
        }
        for (HistoryRow r : history.getItems()) {
            if (r.version() == version) {
                history.getSelectionModel().select(r);
                return;
            }
        }
    }

    private static ColumnConstraints percent(double width) {
        ColumnConstraints c = new ColumnConstraints();
        c.setPercentWidth(width);
        c.setHgrow(Priority.ALWAYS);
        return c;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    /** The status text, coloured by the node's state. */
    private static final class StateCell extends TableCell<NodeVersionRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            for (NodeVersionRow.State s : NodeVersionRow.State.values()) {
                getStyleClass().remove(s.styleClass());
            }
            NodeVersionRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : text);
            if (row != null) {
                getStyleClass().add(row.state().styleClass());
            }
        }
    }

    /** Marks the cluster's current version. */
    private static final class CurrentRow extends TableRow<HistoryRow> {
        @Override
        protected void updateItem(HistoryRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().remove("current");
            if (!empty && row != null && row.current()) {
                getStyleClass().add("current");
            }
        }
    }
}
