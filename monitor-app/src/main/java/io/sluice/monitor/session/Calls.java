package io.sluice.monitor.session;

import io.sluice.client.AdminException;
import io.sluice.client.NodeUnreachableException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs blocking admin calls off the UI thread and hands the result, or a sentence saying why
 * there is none, back to it. The app runs each call on its own virtual thread; view-model tests
 * pass inline executors so a call and its callback finish before the test's next line.
 */
public final class Calls {

    private final Executor io;
    private final UiThread ui;

    public Calls(Executor io, UiThread ui) {
        this.io = Objects.requireNonNull(io, "io");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    /** Virtual threads for I/O, the JavaFX thread for results. */
    public static Calls fx() {
        return new Calls(Executors.newVirtualThreadPerTaskExecutor(), UiThread.fx());
    }

    /** Everything on the caller's thread: for view-model tests. */
    public static Calls inline() {
        return new Calls(Runnable::run, UiThread.inline());
    }

    public UiThread ui() {
        return ui;
    }

    /**
     * Runs {@code call} on an I/O thread; then {@code onResult} or {@code onError} (with
     * {@link #describe}) on the UI thread. Never throws to the caller.
     */
    public <T> void run(Supplier<T> call, Consumer<? super T> onResult, Consumer<String> onError) {
        io.execute(() -> {
            T result;
            try {
                result = call.get();
            } catch (RuntimeException e) {
                String why = describe(e);
                ui.execute(() -> onError.accept(why));
                return;
            }
            ui.execute(() -> onResult.accept(result));
        });
    }

    /** What an operator should read when a call fails: the node's problem, or why it was not reached. */
    public static String describe(Throwable e) {
        if (e instanceof AdminException a) {
            String detail = a.detail();
            return a.title() + (detail == null || detail.isBlank() ? "" : ": " + detail) + " (HTTP " + a.status() + ")";
        }
        if (e instanceof NodeUnreachableException u) {
            return u.node().getHost() + ":" + u.node().getPort() + " unreachable: " + u.reason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
