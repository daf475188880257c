package io.sluice.monitor.app;

import javafx.scene.Scene;

/** The monitor's one stylesheet (each feature may add its own on its view). */
final class Styles {

    private Styles() {
    }

    static void apply(Scene scene) {
        scene.getStylesheets().add(Styles.class.getResource("monitor.css").toExternalForm());
    }
}
