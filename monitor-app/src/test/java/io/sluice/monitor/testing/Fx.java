package io.sluice.monitor.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/**
 * The JavaFX toolkit for view tests, on the headless glass platform the build selects
 * ({@code -Dglass.platform=Headless}, see monitor-app/pom.xml): started once per test JVM,
 * with code run on its thread and waited for.
 */
public final class Fx {

    private static volatile boolean started;

    private Fx() {
    }

    /** Starts the toolkit once; later calls return at once. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        }
        Platform.setImplicitExit(false);
        try {
            if (!up.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JavaFX toolkit did not start in 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        started = true;
    }

    /** Runs {@code work} on the FX thread and returns its result (waits at most 20 s). */
    public static <T> T call(Callable<T> work) {
        start();
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("FX work did not finish in 20 s", e);
        }
    }

    /** Runs {@code work} on the FX thread and waits for it. */
    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Waits until {@code condition}, checked on the FX thread, holds; fails with {@code what}
     * after {@code timeout}. For state that arrives from a real cluster on its own schedule.
     */
    public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (call(condition::getAsBoolean)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
    }
}
