package io.sluice.monitor.session;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * Where view-model state changes run. In the app that is the JavaFX application thread; in
 * view-model tests it is the test's own thread, so the tests need no toolkit and no waiting.
 * Every callback that crosses from I/O into a view model goes through one of these.
 */
@FunctionalInterface
public interface UiThread extends Executor {

    /** The JavaFX application thread (runs inline when already on it). */
    static UiThread fx() {
        return task -> {
            if (Platform.isFxApplicationThread()) {
                task.run();
            } else {
                Platform.runLater(task);
            }
        };
    }

    /** The caller's thread: for view-model tests. */
    static UiThread inline() {
        return Runnable::run;
    }
}
