package io.sluice.monitor.traces;

import io.sluice.model.TraceRecord;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Live traces: a filter bar, the list of traces (newest first) and, for the selected one, its
 * summary, the waterfall of its spans and its headers.
 *
 * <p>The table has a fixed cell size and unsortable columns: it shows the newest traces in
 * arrival order and only lays out the rows in sight, so a flood costs the UI thread one list
 * change per drain. Its rows are plain text with no per-row styling: a style that changes while
 * the table lays out its rows (a "failed" pseudo-class, say) takes another CSS pass on the next
 * pulse, which made the software renderer repaint the whole window after every drain (measured
 * with the trace flood benchmark); failed requests read "error" in the Kept column instead.
 * Selecting a row hands it to the view model, which keeps it selected even when it scrolls out
 * of the list; rows that disappear do not clear the details.
 *
 * <p>Ids: {@code trace-node}, {@code trace-route}, {@code trace-status} (filter choice boxes),
 * {@code trace-min-ms} (minimum duration text field), {@code trace-pause} (toggle),
 * {@code trace-message} (why a filter was not applied), {@code trace-table}, {@code trace-summary},
 * {@code waterfall}, {@code trace-headers}, {@code trace-stats} (rate and counts line).
 */
public final class TracesView extends BorderPane {

    /** Rows are one line of text: a fixed height lets the table skip measuring them. */
    static final double ROW_HEIGHT = 24;

    private final TracesViewModel vm;
    private final TableView<TraceRecord> table;

    public TracesView(TracesViewModel vm) {
        this.vm = Objects.requireNonNull(vm, "vm");
        getStyleClass().add("traces-view");
        getStylesheets().add(Objects.requireNonNull(TracesView.class.getResource("traces.css"), "traces.css").toExternalForm());

        setTop(filterBar());
        table = traceTable();
        SplitPane details = new SplitPane(detailsPane(), headersTable());
        details.setDividerPositions(0.6);
        SplitPane main = new SplitPane(table, details);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.55);
        setCenter(main);

        Label stats = new Label();
        stats.setId("trace-stats");
        stats.getStyleClass().add("trace-stats");
        stats.textProperty().bind(vm.statusProperty());
        setBottom(stats);
    }

    private HBox filterBar() {
        ChoiceBox<String> node = new ChoiceBox<>(vm.nodes());
        node.setId("trace-node");
        node.valueProperty().bindBidirectional(vm.nodeFilterProperty());
        ChoiceBox<String> route = new ChoiceBox<>(vm.routes());
        route.setId("trace-route");
        route.valueProperty().bindBidirectional(vm.routeFilterProperty());
        ChoiceBox<StatusFilter> status = new ChoiceBox<>(FXCollections.observableArrayList(StatusFilter.values()));
        status.setId("trace-status");
        status.valueProperty().bindBidirectional(vm.statusFilterProperty());
        TextField minMs = new TextField();
        minMs.setId("trace-min-ms");
        minMs.setPromptText("0");
        minMs.setPrefColumnCount(6);
        minMs.textProperty().bindBidirectional(vm.minMillisProperty());
        ToggleButton pause = new ToggleButton();
        pause.setId("trace-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.textProperty().bind(vm.pausedProperty().map(p -> p ? "Resume" : "Pause"));
        Label message = new Label();
        message.setId("trace-message");
        message.getStyleClass().add("trace-message");
        message.textProperty().bind(vm.messageProperty());
        HBox bar = new HBox(new Label("Node"), node, new Label("Route"), route, new Label("Status"), status,
                new Label("Min ms"), minMs, pause, message);
        bar.getStyleClass().add("trace-filters");
        return bar;
    }

    private TableView<TraceRecord> traceTable() {
        TableView<TraceRecord> t = new TableView<>(vm.rows());
        t.setId("trace-table");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setPlaceholder(new Label("No traces yet: they appear here as requests pass through the nodes."));
        ZoneId zone = ZoneId.systemDefault();
        t.getColumns().add(column("Time", 100, r -> TraceFormat.time(r, zone)));
        t.getColumns().add(column("Node", 80, TraceRecord::node));
        t.getColumns().add(column("Method", 70, TraceRecord::method));
        t.getColumns().add(column("Path", 320, TraceRecord::path));
        t.getColumns().add(column("Status", 60, r -> Integer.toString(r.status())));
        t.getColumns().add(column("Duration ms", 95, r -> TraceFormat.millis(r.durationMicros())));
        t.getColumns().add(column("Route", 90, TraceRecord::route));
        t.getColumns().add(column("Kept", 70, TraceRecord::kept));
        // only the operator's picks reach the view model: a row leaving the list keeps its details shown
        t.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.select(now);
            }
        });
        return t;
    }

    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> text) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setReorderable(false);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(text.apply(f.getValue())));
        return c;
    }

    private VBox detailsPane() {
        Label summary = new Label();
        summary.setId("trace-summary");
        summary.getStyleClass().add("trace-summary");
        // three lines, always: a summary whose height changed would move the waterfall below it
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.summaryProperty().map(s -> s.isEmpty() ? "Select a trace to see its spans.\n\n" : s));
        WaterfallPane waterfall = new WaterfallPane(vm.waterfallProperty());
        VBox.setVgrow(waterfall, Priority.ALWAYS);
        VBox box = new VBox(summary, waterfall);
        box.getStyleClass().add("trace-details");
        return box;
    }

    /**
     * The selected trace's headers. The table's rows are {@link HeaderSlot}s that are refilled in
     * place and never fewer than the most headers shown so far (spare ones are blank, like the
     * table's own empty rows): replacing a TableView's items makes it rebuild its cells, and a
     * changing row count makes it lay out again on the next pulse, each costing a full repaint.
     */
    private TableView<HeaderSlot> headersTable() {
        ObservableList<HeaderSlot> slots = FXCollections.observableArrayList();
        TableView<HeaderSlot> t = new TableView<>(slots);
        t.setId("trace-headers");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setPlaceholder(new Label("Select a trace to see its headers."));
        t.getColumns().add(slotColumn("", 75, HeaderSlot::side));
        t.getColumns().add(slotColumn("Header", 150, HeaderSlot::name));
        t.getColumns().add(slotColumn("Value", 260, HeaderSlot::value));
        vm.headers().addListener((ListChangeListener<HeaderRow>) c -> fill(slots, vm.headers()));
        fill(slots, vm.headers());
        return t;
    }

    private static void fill(ObservableList<HeaderSlot> slots, List<HeaderRow> rows) {
        if (slots.size() < rows.size()) {
            List<HeaderSlot> more = new ArrayList<>();
            for (int i = slots.size(); i < rows.size(); i++) {
                more.add(new HeaderSlot());
            }
            slots.addAll(more);
        }
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).show(i < rows.size() ? rows.get(i) : null);
        }
    }

    private static TableColumn<HeaderSlot, String> slotColumn(String title, double width,
                                                            Function<HeaderSlot, StringProperty> text) {
        TableColumn<HeaderSlot, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setReorderable(false);
        c.setCellValueFactory(f -> text.apply(f.getValue()));
        return c;
    }

    /** One row of the headers table, refilled with each selection; blank when unused. */
    static final class HeaderSlot {
        private final StringProperty side = new SimpleStringProperty("");
        private final StringProperty name = new SimpleStringProperty("");
        private final StringProperty value = new SimpleStringProperty("");

        void show(HeaderRow row) {
            side.set(row == null ? "" : row.side());
            name.set(row == null ? "" : row.name());
            value.set(row == null ? "" : row.value());
        }

        StringProperty side() {
            return side;
        }

        StringProperty name() {
            return name;
        }

        StringProperty value() {
            return value;
        }
    }

    /**
     * Selects the newest row shown, as if the operator clicked it, so the details fill in (for
     * screenshots and demos); does nothing while the list is empty.
     */
    public void selectNewest() {
        if (!table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
        }
    }

    /** The trace table, for the app's keyboard shortcuts and for benchmarks that select rows. */
    public TableView<TraceRecord> table() {
        return table;
    }
}
