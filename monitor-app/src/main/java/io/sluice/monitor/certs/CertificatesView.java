package io.sluice.monitor.certs;

import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The CERTIFICATES tab: every certificate of every member with the days it has left, the days
 * cell coloured by {@link Severity} (style classes {@code warn}, {@code danger}, {@code expired}).
 * Read-only: reading certificates is open to viewers too.
 *
 * <p>Ids: {@code certificates} (the TableView), {@code refresh-certs}, {@code certs-message}.
 */
public final class CertificatesView extends BorderPane {

    public CertificatesView(CertificatesViewModel vm) {
        Objects.requireNonNull(vm, "vm");
        getStyleClass().add("certificates-view");
        getStylesheets().add(CertificatesView.class.getResource("certs.css").toExternalForm());

        TableView<CertificateRow> table = new TableView<>(vm.rows());
        table.setId("certificates");
        table.setPlaceholder(new Label("No certificate read yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Node", CertificateRow::node));
        table.getColumns().add(column("Use", CertificateRow::use));
        table.getColumns().add(column("Kind", CertificateRow::kind));
        table.getColumns().add(column("Subject", CertificateRow::subject));
        table.getColumns().add(column("Issuer", CertificateRow::issuer));
        table.getColumns().add(column("Role", r -> r.role() == null ? "" : r.role()));
        table.getColumns().add(column("Not after", CertificateRow::notAfter));
        TableColumn<CertificateRow, String> days = column("Days left", r -> Long.toString(r.daysLeft()));
        days.getStyleClass().add("number");
        days.setCellFactory(c -> new DaysCell());
        table.getColumns().add(days);
        table.getColumns().add(column("File", r -> r.file() == null ? "" : r.file()));
        setCenter(table);

        Button refresh = new Button("Refresh");
        refresh.setId("refresh-certs");
        refresh.disableProperty().bind(vm.loadingProperty());
        refresh.setOnAction(e -> vm.refresh());

        Label message = new Label();
        message.setId("certs-message");
        message.getStyleClass().add("message");
        message.textProperty().bind(vm.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);

        HBox bottom = new HBox(8, refresh, message);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(8));
        setBottom(bottom);
    }

    private static TableColumn<CertificateRow, String> column(String title, Function<CertificateRow, String> value) {
        TableColumn<CertificateRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    /** Days left, with its row's severity as style class. */
    static final class DaysCell extends TableCell<CertificateRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            for (Severity s : Severity.values()) {
                if (s.styleClass() != null) {
                    getStyleClass().remove(s.styleClass());
                }
            }
            CertificateRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : text);
            if (row != null && row.severity().styleClass() != null) {
                getStyleClass().add(row.severity().styleClass());
            }
        }
    }
}
