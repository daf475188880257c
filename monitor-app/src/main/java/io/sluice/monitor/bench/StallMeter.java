package io.sluice.monitor.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;

/**
 * How responsive the JavaFX thread is: a daemon thread posts a probe to it every few milliseconds
 * and each probe records how late it ran (from its post to its run). A stalled UI thread runs
 * its probes late by the length of the stall, so the largest lateness is the longest stall a user
 * would have felt, within one probe period. Probes are posted whether or not earlier ones ran, so
 * a long stall is measured, not hidden behind one waiting probe.
 */
public final class StallMeter {

    /** The probes run since start (or the last {@link #reset()}): how many, the worst and the 99th percentile. */
    public record Result(int probes, double maxMillis, double p99Millis) {
    }

    private final long periodNanos;
    private final Executor uiThread;
    private final Object lock = new Object();
    private long[] lateness = new long[4096];
    private int count;
    private long windowMax;
    private volatile boolean running;
    private Thread poster;

    /** A probe every 5 ms on the JavaFX thread. */
    public StallMeter() {
        this(Duration.ofMillis(5), Platform::runLater);
    }

    /** @param uiThread runs a probe on the thread measured ({@code Platform::runLater}) */
    public StallMeter(Duration period, Executor uiThread) {
        this.periodNanos = period.toNanos();
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
    }

    public synchronized void start() {
        if (poster != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        poster = Thread.ofPlatform().daemon().name("stall-meter").start(this::post);
    }

    private void post() {
        while (running) {
            long posted = System.nanoTime();
            uiThread.execute(() -> record(System.nanoTime() - posted));
            LockSupport.parkNanos(periodNanos);
        }
    }

    private void record(long nanos) {
        synchronized (lock) {
            if (count == lateness.length) {
                lateness = Arrays.copyOf(lateness, count * 2);
            }
            lateness[count++] = nanos;
            windowMax = Math.max(windowMax, nanos);
        }
    }

    /** The worst lateness since the last call, in ms: for a once-a-second progress line. */
    public double takeWindowMaxMillis() {
        synchronized (lock) {
            long max = windowMax;
            windowMax = 0;
            return max / 1e6;
        }
    }

    /** Forgets every probe so far (the end of a warm-up). */
    public void reset() {
        synchronized (lock) {
            count = 0;
            windowMax = 0;
        }
    }

    /** What was measured so far; the meter keeps running. */
    public Result result() {
        long[] sorted;
        synchronized (lock) {
            sorted = Arrays.copyOf(lateness, count);
        }
        if (sorted.length == 0) {
            return new Result(0, 0, 0);
        }
        Arrays.sort(sorted);
        int p99 = (int) Math.ceil(sorted.length * 0.99) - 1;
        return new Result(sorted.length, sorted[sorted.length - 1] / 1e6, sorted[Math.max(0, p99)] / 1e6);
    }

    /**
     * Stops posting, then waits (at most {@code 5 s}) for one last probe so that a stall still in
     * progress is counted, and returns the result.
     */
    public Result stop() throws InterruptedException {
        Thread p;
        synchronized (this) {
            running = false;
            p = poster;
        }
        if (p != null) {
            p.join();
        }
        CountDownLatch last = new CountDownLatch(1);
        long posted = System.nanoTime();
        uiThread.execute(() -> {
            record(System.nanoTime() - posted);
            last.countDown();
        });
        last.await(5, TimeUnit.SECONDS);
        return result();
    }
}
