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
 *
 * <p>One watchdog serves every HTTP/1.1 transport of a node ({@code UpstreamClients} owns it and
 * the node closes it on stop): a config change that replaces an upstream must not cost a platform
 * thread that lives as long as the retired upstream's last connection. The thread starts with the
 * first watched connection, so a node without HTTP/1.1 upstreams never has one.
 */
public final class H1Watchdog implements AutoCloseable {

    static final long TICK_MILLIS = 50;

    private final String name;
    private final Set<H1Connection> connections = ConcurrentHashMap.newKeySet();
    private Thread thread;
    private volatile boolean started;
    private volatile boolean running = true;

    /** @param name the scanning thread's name */
    public H1Watchdog(String name) {
        this.name = name;
    }

    void watch(H1Connection c) {
        if (!started) {
            start();
        }
        connections.add(c);
    }

    void forget(H1Connection c) {
        connections.remove(c);
    }

    /** Connections watched now (each open upstream connection of every transport sharing this watchdog). */
    int watched() {
        return connections.size();
    }

    private synchronized void start() {
        if (started || !running) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread.start();
        started = true;
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

    /** Stops the scanning thread; connections opened later get no read timeouts, so close the transports first. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
