package io.sluice.monitor.overview;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The overview tab: the members table above three live charts. It only binds to an
 * {@link OverviewViewModel}; the charts are redrawn from each new {@link Charts} value (at most once
 * a second), reusing a line per node so colours and the legend stay put.
 *
 * <p>Ids: {@code nodes} (the members table; the health cell has style class {@code link-up},
 * {@code link-down}, {@code link-draining}, {@code link-config-error}, {@code link-left} or
 * {@code link-connecting}, the certificate cell {@code cert-warn} under 30 days or
 * {@code cert-danger} under 7), {@code chart-rps}, {@code chart-errors}, {@code chart-p99} (x is
 * seconds before now, one line per node plus {@code cluster}).
 */
public final class OverviewView extends BorderPane {

    private static final List<String> HEALTH_CLASSES = List.of("link-up", "link-down", "link-draining",
            "link-config-error", "link-left", "link-connecting");
    private static final List<String> CERT_CLASSES = List.of("cert-warn", "cert-danger");

    private final OverviewViewModel vm;
    private final TableView<NodeRow> nodes = new TableView<>();
    private final LineChart<Number, Number> rps;
    private final LineChart<Number, Number> errors;
    private final LineChart<Number, Number> p99;

    public OverviewView(OverviewViewModel vm) {
        this.vm = vm;
        getStyleClass().add("overview");
        getStylesheets().add(OverviewView.class.getResource("overview.css").toExternalForm());

        nodes.setId("nodes");
        nodes.setItems(vm.rows());
        nodes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nodes.setPlaceholder(new Label("No members yet"));
        nodes.setPrefHeight(170);
        nodes.getColumns().setAll(List.of(
                column("Node", NodeRow::nodeId, 110),
                healthColumn(),
                column("Uptime", NodeRow::uptime, 110),
                column("Config", r -> r.configVersion() == null ? "" : "v" + r.configVersion(), 70),
                certColumn(),
                column("Heap", NodeRow::heap, 90)));

        int window = vm.charts().windowSeconds();
        rps = chart("chart-rps", "Requests/s (cluster = sum of nodes)", window);
        errors = chart("chart-errors", "Error rate % (5xx; cluster = all nodes' 5xx ÷ requests)", window);
        p99 = chart("chart-p99", "p99 latency ms (cluster = slowest node)", window);
        HBox charts = new HBox(8, rps, errors, p99);
        charts.getStyleClass().add("overview-charts");
        for (LineChart<Number, Number> c : List.of(rps, errors, p99)) {
            HBox.setHgrow(c, Priority.ALWAYS);
            c.setMinWidth(200);
        }
        VBox content = new VBox(8, nodes, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        content.setPadding(new Insets(8));
        setCenter(content);

        vm.chartsProperty().addListener((o, before, now) -> draw(now));
        draw(vm.charts());
    }

    private void draw(Charts c) {
        draw(rps, c.requests(), c.endSecond());
        draw(errors, c.errorRate(), c.endSecond());
        draw(p99, c.p99(), c.endSecond());
    }

    /** Keeps one chart series per line name; replaces only the points when the names did not change. */
    private static void draw(LineChart<Number, Number> chart, List<Charts.Series> lines, long end) {
        List<XYChart.Series<Number, Number>> current = chart.getData();
        boolean sameLines = current.size() == lines.size();
        for (int i = 0; sameLines && i < lines.size(); i++) {
            sameLines = current.get(i).getName().equals(lines.get(i).name());
        }
        if (!sameLines) {
            List<XYChart.Series<Number, Number>> fresh = new ArrayList<>();
            for (Charts.Series line : lines) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName(line.name());
                if (Charts.CLUSTER.equals(line.name())) {
                    s.nodeProperty().addListener((o, b, node) -> {
                        if (node != null) {
                            node.getStyleClass().add("cluster-line");
                        }
                    });
                }
                fresh.add(s);
            }
            chart.getData().setAll(fresh);
        }
        for (int i = 0; i < lines.size(); i++) {
            List<XYChart.Data<Number, Number>> points = new ArrayList<>(lines.get(i).points().size());
            for (Charts.Point p : lines.get(i).points()) {
                points.add(new XYChart.Data<>(p.second() - end, p.value()));
            }
            chart.getData().get(i).getData().setAll(points);
        }
    }

    private static LineChart<Number, Number> chart(String id, String title, int window) {
        NumberAxis x = new NumberAxis(-window, 0, window >= 120 ? 60 : 10);
        x.setAutoRanging(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                long s = -Math.round(n.doubleValue());
                return s == 0 ? "now" : s % 60 == 0 ? s / 60 + " min" : s + " s";
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are not parsed");
            }
        });
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y, FXCollections.observableArrayList());
        chart.setId(id);
        chart.setTitle(title);
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.getStyleClass().add("overview-chart");
        return chart;
    }

    private static TableColumn<NodeRow, String> column(String title, Function<NodeRow, String> value, double width) {
        TableColumn<NodeRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<NodeRow, NodeRow> rowColumn(String title, double width) {
        TableColumn<NodeRow, NodeRow> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<NodeRow, NodeRow> healthColumn() {
        TableColumn<NodeRow, NodeRow> c = rowColumn("Health", 260);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(NodeRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll(HEALTH_CLASSES);
                if (empty || row == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(row.healthText());
                setTooltip(new Tooltip(row.healthText()));
                getStyleClass().add("link-" + row.health().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        });
        return c;
    }

    private static TableColumn<NodeRow, NodeRow> certColumn() {
        TableColumn<NodeRow, NodeRow> c = rowColumn("Cert days left", 110);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(NodeRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll(CERT_CLASSES);
                if (empty || row == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(row.certDaysText());
                setTooltip(row.certNote() == null || row.certNote().isEmpty() ? null : new Tooltip(row.certNote()));
                switch (row.certLevel()) {
                    case DANGER -> getStyleClass().add("cert-danger");
                    case WARN -> getStyleClass().add("cert-warn");
                    default -> {
                    }
                }
            }
        });
        return c;
    }

    /** The view model this view shows (for the composition root and tests). */
    public OverviewViewModel viewModel() {
        return vm;
    }
}
