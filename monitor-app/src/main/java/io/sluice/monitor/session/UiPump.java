package io.sluice.monitor.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls every {@link Drainable} on the UI thread each {@code period}. A tick is skipped while the
 * previous one has not run yet, so a busy UI thread gets one pending drain, never a backlog.
 */
public final class UiPump implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UiPump.class.getName());

    private final UiThread ui;
    private final List<Drainable> targets;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "monitor-ui-pump");
        t.setDaemon(true);
        return t;
    });

    public UiPump(UiThread ui, Duration period, List<Drainable> targets) {
        this.ui = ui;
        this.targets = List.copyOf(targets);
        timer.scheduleAtFixedRate(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (pending.compareAndSet(false, true)) {
            ui.execute(() -> {
                try {
                    drainAll();
                } finally {
                    pending.set(false);
                }
            });
        }
    }

    /** Drains every target now; UI thread only. */
    public void drainAll() {
        for (Drainable d : targets) {
            try {
                d.drain();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a view model failed to apply its updates", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
