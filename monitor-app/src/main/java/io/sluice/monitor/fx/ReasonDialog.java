package io.sluice.monitor.fx;

import io.sluice.monitor.session.ReasonPrompt;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The confirmation every cluster-changing action goes through: says what will happen, asks for a
 * reason, and keeps OK disabled until there is one.
 */
public final class ReasonDialog implements ReasonPrompt {

    private final Window owner;

    /** @param owner the window the dialog is modal to; null for none */
    public ReasonDialog(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<String> ask(String title, String question) {
        Dialog<String> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        TextField reason = new TextField();
        reason.setId("reason");
        reason.setPromptText("reason (recorded with your name)");
        VBox content = new VBox(8, new Label(question), reason);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(reason.textProperty().map(t -> t.isBlank()).orElse(true));
        dialog.setResultConverter(b -> b == ButtonType.OK ? reason.getText().strip() : null);
        dialog.setOnShown(e -> reason.requestFocus());
        return dialog.showAndWait().filter(r -> !r.isBlank());
    }
}
