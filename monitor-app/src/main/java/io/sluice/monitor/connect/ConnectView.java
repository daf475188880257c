package io.sluice.monitor.connect;

import io.sluice.monitor.connect.ConnectionProfile.Format;
import java.io.File;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;

/**
 * The connect form. Ids: {@code profiles}, {@code profile-name}, {@code admin-url}, {@code format},
 * {@code certificate}, {@code private-key}, {@code trust}, {@code password}, {@code connect},
 * {@code connect-message}. Only binds and forwards to {@link ConnectViewModel}.
 */
public final class ConnectView extends BorderPane {

    public ConnectView(ConnectViewModel vm) {
        getStyleClass().add("connect");
        setPadding(new Insets(16));

        ComboBox<ConnectionProfile> profiles = new ComboBox<>(vm.profiles());
        profiles.setId("profiles");
        profiles.setPromptText(vm.profiles().isEmpty() ? "no remembered profiles" : "remembered profiles");
        profiles.setButtonCell(new ProfileCell());
        profiles.setCellFactory(l -> new ProfileCell());
        profiles.setOnAction(e -> vm.use(profiles.getValue()));

        ChoiceBox<Format> format = new ChoiceBox<>();
        format.getItems().setAll(Format.values());
        format.setId("format");
        format.valueProperty().bindBidirectional(vm.formatProperty());

        TextField privateKey = field("private-key", vm.privateKeyProperty());
        privateKey.disableProperty().bind(vm.formatProperty().isNotEqualTo(Format.PEM));
        PasswordField password = new PasswordField();
        password.setId("password");
        password.textProperty().bindBidirectional(vm.passwordProperty());
        password.setPromptText("key store password (PKCS12)");
        password.setOnAction(e -> vm.connect());

        GridPane form = new GridPane(8, 8);
        int row = 0;
        form.addRow(row++, new Label("Profile"), profiles);
        form.addRow(row++, new Label("Name"), field("profile-name", vm.nameProperty()));
        form.addRow(row++, new Label("Admin address"), field("admin-url", vm.adminUrlProperty()));
        form.addRow(row++, new Label("Certificate format"), format);
        form.addRow(row++, new Label("Key store / certificate"), withBrowse(field("certificate", vm.certificateProperty()), vm.certificateProperty()));
        form.addRow(row++, new Label("Private key (PEM)"), withBrowse(privateKey, vm.privateKeyProperty()));
        form.addRow(row++, new Label("Trusted CA"), withBrowse(field("trust", vm.trustProperty()), vm.trustProperty()));
        form.addRow(row, new Label("Password"), password);
        setCenter(form);

        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(vm.connectingProperty());
        connect.setOnAction(e -> vm.connect());
        Label message = new Label();
        message.setId("connect-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        HBox bottom = new HBox(12, connect, message);
        bottom.setPadding(new Insets(12, 0, 0, 0));
        setBottom(bottom);
    }

    private static TextField field(String id, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(36);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static HBox withBrowse(TextField field, StringProperty value) {
        Button browse = new Button("…");
        browse.disableProperty().bind(field.disableProperty());
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            File current = value.get().isBlank() ? null : new File(value.get()).getParentFile();
            if (current != null && current.isDirectory()) {
                chooser.setInitialDirectory(current);
            }
            File chosen = chooser.showOpenDialog(browse.getScene().getWindow());
            if (chosen != null) {
                value.set(chosen.getPath());
            }
        });
        HBox.setHgrow(field, Priority.ALWAYS);
        return new HBox(4, field, browse);
    }

    private static final class ProfileCell extends ListCell<ConnectionProfile> {
        @Override
        protected void updateItem(ConnectionProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  (" + p.adminUrl() + ")");
        }
    }
}
