package io.sluice.upstream.h1;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.upstream.PoolUse;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keep-alive pool of one endpoint: at most {@code maxActive} exchanges at once (more wait, up
 * to {@code maxQueued} waiters for at most {@code waitMillis}, then 503), idle connections reused
 * newest first so that few stay warm, and dropped once idle longer than the idle timeout.
 * Once closed (its upstream was replaced or the node stops) it keeps nothing: its idle connections
 * close at once and every connection an exchange hands back is closed instead of pooled, while
 * exchanges still running, or started late on a retired upstream, complete normally.
 */
final class H1Pool implements AutoCloseable {

    /** A pooled connection idle longer than this is checked with a 1 ms probe read before reuse. */
    private static final long PROBE_AFTER_NANOS = 1_000_000_000L;

    private final String host;
    private final int port;
    private final Semaphore active;
    private final int maxActive;
    private final int maxIdle;
    private final int maxQueued;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentLinkedDeque<H1Connection> idle = new ConcurrentLinkedDeque<>();
    /** Kept beside the deque: ConcurrentLinkedDeque.size() walks the whole deque. */
    private final AtomicInteger idleCount = new AtomicInteger();
    private final long keepAliveNanos;
    private final H1Watchdog watchdog;
    private volatile boolean closed;

    H1Pool(String host, int port, int maxActive, int maxQueued, long keepAliveNanos, H1Watchdog watchdog) {
        this.watchdog = watchdog;
        this.host = host;
        this.port = port;
        this.active = new Semaphore(maxActive);
        this.maxActive = maxActive;
        this.maxIdle = maxActive;
        this.maxQueued = maxQueued;
        this.keepAliveNanos = keepAliveNanos;
    }

    /** Takes a slot for one exchange, waiting up to {@code waitMillis}; 503 when the pool is saturated. */
    void acquireSlot(long waitMillis) {
        if (active.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw new GatewayException(Failure.UPSTREAM_OVERLOADED, "too many requests are waiting for this upstream");
        }
        try {
            if (!active.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new GatewayException(Failure.UPSTREAM_OVERLOADED, "no upstream connection became free in " + waitMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Failure.INTERNAL, "interrupted while waiting for an upstream connection", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    void releaseSlot() {
        active.release();
    }

    /** A pooled connection that is still fresh, or null when there is none. */
    H1Connection idleConnection() {
        long now = System.nanoTime();
        H1Connection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            long idle = now - c.idleSince;
            long limit = c.upstreamKeepAliveNanos > 0 ? Math.min(keepAliveNanos, c.upstreamKeepAliveNanos) : keepAliveNanos;
            // Upstreams close idle keep-alive connections on their own schedule (Node 5 s, Gunicorn 2 s);
            // a request with a body sent on such a connection could not be replayed.
            if (idle < limit && c.usable() && (idle < PROBE_AFTER_NANOS || c.stillOpen())) {
                c.reused = true;
                return c;
            }
            c.close();
        }
        return null;
    }

    /** A new connection to the endpoint. */
    H1Connection open(int connectTimeoutMillis) throws IOException {
        return H1Connection.open(host, port, connectTimeoutMillis, watchdog);
    }

    /** Slots taken by exchanges (their connections lent out, or being opened) and connections idle in the pool. */
    PoolUse use() {
        return new PoolUse(maxActive - active.availablePermits(), idleCount.get());
    }

    void recycle(H1Connection c) {
        if (closed || !c.usable()) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        c.pos = 0;
        c.lim = 0;
        idle.addFirst(c);
        if (idleCount.incrementAndGet() > maxIdle) {
            H1Connection oldest = idle.pollLast();
            if (oldest != null) {
                idleCount.decrementAndGet();
                oldest.close();
            }
        }
        if (closed) {
            closeIdle(); // closed while this one was being pooled
        }
    }

    /** Closes the idle connections now and every later one when it comes back; safe to call more than once. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        H1Connection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            c.close();
        }
    }
}
