package io.sluice.monitor.bench;

import io.sluice.client.AdminEvent;
import io.sluice.model.TraceRecord;
import io.sluice.monitor.session.Drainable;
import io.sluice.monitor.session.UiPump;
import io.sluice.monitor.session.UiThread;
import io.sluice.monitor.traces.TracesView;
import io.sluice.monitor.traces.TracesViewModel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * How long the JavaFX thread stalls while the live trace view takes a flood: the real
 * {@link TracesViewModel} and {@link TracesView} in a shown stage, drained by a {@link UiPump}
 * every 250 ms as in the app, fed synthetic traces at a fixed rate through
 * {@link TracesViewModel#event} (the path the session's stream threads use), with a row selected
 * every 500 ms so the waterfall and headers redraw under load. A {@link StallMeter} probes the FX
 * thread every 5 ms.
 *
 * <pre>
 * java -Dglass.platform=Headless -Dprism.order=sw -cp ... io.sluice.monitor.bench.TraceFloodBench \
 *     [--rate 5000] [--seconds 20] [--warmup 5] [--select-ms 500]
 * </pre>
 *
 * Prints one line a second, then {@code traces/s offered=…, max stall=… ms, p99 stall=… ms,
 * probes=…}. Exits 1 when the generator reached less than 90 % of the target rate (the machine
 * could not offer the load, so the stall figures do not describe it), 2 on bad arguments, else 0.
 * Works headless or in a real window (drop the two {@code -D} options).
 */
public final class TraceFloodBench {

    private static final Duration DRAIN = Duration.ofMillis(250);
    private static final Duration SELECT = Duration.ofMillis(500);

    /**
     * Target traces per second, measured seconds, unmeasured warm-up seconds before them, and how
     * often a row is selected (0: never, to tell the list's cost from the details' cost).
     */
    record Options(int rate, int seconds, int warmup, int selectMillis) {

        static Options parse(String[] args) {
            int rate = 5_000;
            int seconds = 20;
            int warmup = 5;
            int selectMillis = (int) SELECT.toMillis();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                int value;
                try {
                    value = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a whole number, got '" + args[i] + "'");
                }
                switch (name) {
                    case "--rate" -> rate = value;
                    case "--seconds" -> seconds = value;
                    case "--warmup" -> warmup = value;
                    case "--select-ms" -> selectMillis = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (rate < 1 || seconds < 1 || warmup < 0 || selectMillis < 0) {
                throw new IllegalArgumentException("--rate and --seconds must be 1 or more, --warmup and --select-ms 0 or more");
            }
            return new Options(rate, seconds, warmup, selectMillis);
        }
    }

    private final Options options;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong drainMax = new AtomicLong();
    private final AtomicLong layoutMax = new AtomicLong();
    private long layoutStart; // FX thread only
    private volatile boolean running = true;

    private TraceFloodBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: TraceFloodBench [--rate TRACES_PER_SECOND] [--seconds S] [--warmup S] [--select-ms MS]");
            System.exit(2);
            return;
        }
        int code = new TraceFloodBench(options).run();
        if (code != 0) {
            System.exit(code); // a command-line benchmark: its exit status is its verdict
        }
    }

    private int run() throws Exception {
        System.out.printf(Locale.ROOT, "trace flood: target %,d traces/s for %d s after %d s warm-up; java %s, glass %s, prism %s%n",
                options.rate(), options.seconds(), options.warmup(), Runtime.version(),
                System.getProperty("glass.platform", "default"), System.getProperty("prism.order", "default"));
        startToolkit();
        TracesViewModel vm = new TracesViewModel(InstantSource.system());
        TracesView view = onFx(() -> {
            TracesView v = new TracesView(vm);
            vm.setNodes(SyntheticTraces.NODES);
            Stage stage = new Stage();
            stage.setTitle("Sluice monitor: trace flood");
            Scene scene = new Scene(v, 1280, 800);
            // CSS + layout of each pulse, measured on the FX thread itself
            scene.addPreLayoutPulseListener(() -> layoutStart = System.nanoTime());
            scene.addPostLayoutPulseListener(() -> layoutMax.accumulateAndGet(System.nanoTime() - layoutStart, Math::max));
            stage.setScene(scene);
            stage.show();
            return v;
        });
        Drainable timedDrain = () -> {
            long t0 = System.nanoTime();
            vm.drain();
            drainMax.accumulateAndGet(System.nanoTime() - t0, Math::max);
        };
        StallMeter meter = new StallMeter();
        Thread generator;
        Thread selector;
        try (UiPump pump = new UiPump(UiThread.fx(), DRAIN, List.of(timedDrain))) {
            meter.start();
            generator = Thread.ofPlatform().daemon().name("trace-generator").start(() -> generate(vm));
            selector = Thread.ofPlatform().daemon().name("row-selector").start(() -> selectRows(view.table()));
            long start = System.nanoTime();
            long last = 0;
            long measuredFrom = 0;
            long measuredStart = start;
            int total = options.warmup() + options.seconds();
            for (int second = 1; second <= total; second++) {
                sleepUntil(start + TimeUnit.SECONDS.toNanos(second));
                long now = offered.get();
                double stall = meter.takeWindowMaxMillis();
                long[] state = onFx(() -> new long[] {vm.rows().size(), vm.skippedProperty().get()});
                System.out.printf(Locale.ROOT, "%s %3d s  offered/s=%,7d  shown rows=%,5d  skipped=%,d  max stall=%6.1f ms"
                                + "  (longest drain %.1f ms, longest css+layout %.1f ms)%n",
                        second <= options.warmup() ? "warm-up" : "measure", second, now - last, state[0], state[1], stall,
                        drainMax.getAndSet(0) / 1e6, layoutMax.getAndSet(0) / 1e6);
                last = now;
                if (second == options.warmup()) {
                    meter.reset();
                    measuredFrom = now;
                    measuredStart = System.nanoTime();
                }
            }
            long measuredOffered = offered.get() - measuredFrom;
            double elapsed = (System.nanoTime() - measuredStart) / 1e9;
            running = false;
            generator.join();
            selector.interrupt();
            selector.join();
            StallMeter.Result result = meter.stop();
            double achieved = measuredOffered / elapsed;
            long[] counts = onFx(() -> new long[] {vm.receivedProperty().get(), vm.skippedProperty().get()});
            System.out.printf(Locale.ROOT, "received=%,d, skipped by the monitor=%,d%n", counts[0], counts[1]);
            System.out.printf(Locale.ROOT, "traces/s offered=%.0f, max stall=%.1f ms, p99 stall=%.1f ms, probes=%d%n",
                    achieved, result.maxMillis(), result.p99Millis(), result.probes());
            Platform.exit();
            if (achieved < 0.9 * options.rate()) {
                System.out.printf(Locale.ROOT, "FAILED to offer the load: %.0f traces/s is under 90 %% of the target %,d;"
                        + " the stall figures do not describe that rate%n", achieved, options.rate());
                return 1;
            }
            return 0;
        }
    }

    /** Offers traces at the target rate, catching up in bursts after any pause (GC, scheduling). */
    private void generate(TracesViewModel vm) {
        SyntheticTraces traces = new SyntheticTraces(42);
        long start = System.nanoTime();
        long sent = 0;
        while (running) {
            long due = (System.nanoTime() - start) * options.rate() / 1_000_000_000L;
            while (sent < due && running) {
                TraceRecord t = traces.next(System.currentTimeMillis() * 1000);
                vm.event(t.node(), new AdminEvent("trace", Long.toString(sent), t, null));
                sent++;
                offered.incrementAndGet();
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Selects one of the top rows every 500 ms, as an operator clicking through, so the details redraw. */
    private void selectRows(TableView<TraceRecord> table) {
        int[] next = {0};
        while (running && options.selectMillis() > 0) {
            Platform.runLater(() -> {
                int n = table.getItems().size();
                if (n > 0) {
                    table.getSelectionModel().select(next[0]++ % Math.min(n, 25));
                }
            });
            try {
                Thread.sleep(options.selectMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void startToolkit() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        Platform.setImplicitExit(false);
        if (!up.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the JavaFX toolkit did not start in 20 s");
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
