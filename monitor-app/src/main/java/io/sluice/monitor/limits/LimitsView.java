package io.sluice.monitor.limits;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

/**
 * The LIMITS tab: one row per node and rate-limit policy with its counters and the admitted and
 * rejected rates since the previous refresh ("—" until there is one). Read-only: nothing here
 * changes the cluster, so viewers see the same as operators.
 *
 * <p>Ids: {@code limits} (the TableView), {@code limits-message} (which nodes could not be read).
 */
public final class LimitsView extends BorderPane {

    public LimitsView(LimitsViewModel vm) {
        getStyleClass().add("limits-view");
        getStylesheets().add(LimitsView.class.getResource("limits.css").toExternalForm());

        TableView<LimitRow> table = new TableView<>(vm.rows());
        table.setId("limits");
        table.setPlaceholder(new Label("No rate-limit policy on any node."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(text("Node", LimitRow::node));
        table.getColumns().add(text("Policy", LimitRow::policy));
        table.getColumns().add(text("Scope", LimitRow::scope));
        table.getColumns().add(number("Admitted", r -> Long.toString(r.admitted())));
        table.getColumns().add(number("Admitted/s", r -> perSecond(r.admittedPerSecond())));
        table.getColumns().add(number("Rejected", r -> Long.toString(r.rejected())));
        table.getColumns().add(number("Rejected/s", r -> perSecond(r.rejectedPerSecond())));
        table.getColumns().add(number("Shaped", r -> Long.toString(r.shaped())));
        table.getColumns().add(number("Avg wait", r -> String.format(Locale.ROOT, "%.1f ms", r.averageWaitMillis())));
        table.getColumns().add(number("Remote calls", r -> Long.toString(r.remoteCalls())));
        table.getColumns().add(number("Remote failures", r -> Long.toString(r.remoteFailures())));
        table.getColumns().add(number("Fallbacks", r -> Long.toString(r.fallbacks())));
        table.getColumns().add(number("Keys", r -> Integer.toString(r.keys())));
        setCenter(table);

        Label message = new Label();
        message.setId("limits-message");
        message.getStyleClass().add("message");
        message.textProperty().bind(vm.messageProperty());
        message.setPadding(new Insets(4, 8, 4, 8));
        setBottom(message);
    }

    static String perSecond(double rate) {
        return Double.isNaN(rate) ? "—" : String.format(Locale.ROOT, "%.1f", rate);
    }

    private static TableColumn<LimitRow, String> text(String title, Function<LimitRow, String> value) {
        TableColumn<LimitRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    private static TableColumn<LimitRow, String> number(String title, Function<LimitRow, String> value) {
        TableColumn<LimitRow, String> c = text(title, value);
        c.getStyleClass().add("number");
        return c;
    }
}
