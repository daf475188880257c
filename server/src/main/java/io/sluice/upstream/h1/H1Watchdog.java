package io.sluice.upstream.h1;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Enforces read timeouts on upstream connections from one scanning thread instead of timed socket
 * reads. A timed read on a virtual thread schedules and cancels a timer task per read; with one
 * read per response that cost about a quarter of the proxy's throughput (docs/BENCHMARKS.md).
 * Here a read only stamps its deadline; every {@link #TICK_MILLIS} the watchdog closes the
 * sockets whose deadline passed, which wakes the parked reader with an error it reports as a
 * timeout. Timeouts are therefore exact to within one tick.
 */
final class H1Watchdog implements AutoCloseable {

    static final long TICK_MILLIS = 50;

    private final Set<H1Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    H1Watchdog(String name) {
        thread = Thread.ofPlatform().daemon().name("sluice-timeouts-" + name).unstarted(this::run);
        thread.start();
    }

    void watch(H1Connection c) {
        connections.add(c);
    }

    void forget(H1Connection c) {
        connections.remove(c);
    }

    private void run() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (H1Connection c : connections) {
                c.expireIfLate(now);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
