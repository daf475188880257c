package io.sluice.monitor.app;

import io.sluice.monitor.fx.Png;
import java.io.IOException;
import java.nio.file.Path;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.util.Duration;

/**
 * Snapshot mode: gives the live views time to fill from the cluster, then shows each tab in turn
 * and writes it as {@code DIR/<tab id>.png}; exits 0, or 1 if a file could not be written.
 */
final class SnapshotRun {

    /** Seconds of live data before the first picture: charts need a few points. */
    static final int SETTLE_SECONDS = 45;

    private final MonitorShell shell;
    private final Path dir;

    SnapshotRun(MonitorShell shell, Path dir) {
        this.shell = shell;
        this.dir = dir;
    }

    void start() {
        shell.prepareForPictures();
        Timeline wait = new Timeline(new KeyFrame(Duration.seconds(SETTLE_SECONDS), e -> next(0)));
        wait.play();
    }

    private void next(int index) {
        if (index >= shell.tabs().getTabs().size()) {
            System.out.println("sluice monitor: wrote " + index + " views to " + dir);
            Platform.exit();
            return;
        }
        Tab tab = shell.tabs().getTabs().get(index);
        shell.tabs().getSelectionModel().select(tab);
        // one pulse for layout and CSS, then the picture
        new Timeline(new KeyFrame(Duration.millis(700), e -> {
            try {
                Path file = dir.resolve(tab.getId() + ".png");
                Png.write(shell.getScene().getRoot(), file);
                System.out.println("sluice monitor: " + file);
            } catch (IOException ex) {
                System.err.println("sluice monitor: cannot write " + tab.getId() + ".png: " + ex.getMessage());
                Platform.exit();
                System.exit(1);
            }
            next(index + 1);
        })).play();
    }
}
