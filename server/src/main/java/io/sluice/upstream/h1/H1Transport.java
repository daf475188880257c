package io.sluice.upstream.h1;

import io.sluice.config.UpstreamConfig;
import io.sluice.error.GatewayException;
import io.sluice.upstream.ConnectListener;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.ExchangeObserver;
import io.sluice.upstream.PoolUse;
import io.sluice.upstream.UpstreamFailures;
import io.sluice.upstream.UpstreamResponse;
import io.sluice.upstream.UpstreamTransport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

/**
 * HTTP/1.1 to upstreams with blocking sockets driven by the request's own virtual thread: it
 * writes the request, parks in the read until the upstream answers, and reads the body itself.
 * There is no client selector thread and no hand-off per response, which is what made it about
 * 1.9x the throughput of Jetty's HttpClient used blockingly for this job (docs/BENCHMARKS.md).
 *
 * <p>A connection is opened on the request's own thread, so its connect (name resolution
 * included) is timed exactly: as a {@code connect} span of that request's trace through the
 * {@link ExchangeObserver}, and in the upstream's metrics through the {@link ConnectListener}.
 *
 * <p>A connection that breaks before any byte of the response arrived: when it was a pooled one
 * (the upstream closed it while idle) a replayable request is sent again on a fresh connection to
 * the same endpoint, not counted as a retry; otherwise the failure is marked with
 * {@link UpstreamFailures#beforeResponse} so that the proxy may retry it on another endpoint. Once
 * a byte of the response arrived, or on a timeout, nothing is sent again.
 *
 * <p>Retiring it ({@link #retire}) is closing its pools: nothing else needs to wait for the
 * exchanges in flight, since their connections are closed as they come back and the read timeouts
 * are kept by the node's shared {@link H1Watchdog}, which outlives every transport.
 *
 * <p>Known limit: writes of a request body have no timeout of their own (a blocking socket write
 * cannot time out); an upstream that stops reading a large upload holds the request until it
 * closes the connection.
 */
public final class H1Transport implements UpstreamTransport {

    private final UpstreamConfig config;
    private final Map<Endpoint, H1Pool> pools = new ConcurrentHashMap<>();
    private final H1Watchdog watchdog;
    /** Whether {@link #close} stops the watchdog: only one this transport made for itself. */
    private final boolean ownsWatchdog;
    private final ConnectListener connects;
    private volatile boolean closed;

    /** A transport on its own, with a watchdog thread of its own (tests, tools). */
    public H1Transport(UpstreamConfig config) {
        this(config, ConnectListener.NONE, new H1Watchdog("sluice-timeouts-" + config.id()), true);
    }

    /**
     * @param connects told how long each new connection took to open (metrics)
     * @param watchdog the node's shared read-timeout watchdog; its owner closes it
     */
    public H1Transport(UpstreamConfig config, ConnectListener connects, H1Watchdog watchdog) {
        this(config, connects, watchdog, false);
    }

    private H1Transport(UpstreamConfig config, ConnectListener connects, H1Watchdog watchdog, boolean ownsWatchdog) {
        this.config = config;
        this.watchdog = watchdog;
        this.ownsWatchdog = ownsWatchdog;
        this.connects = connects;
    }

    /**
     * A transport for the upstream's health checks with their own small pool and timeouts
     * ({@code checks}), sharing this one's watchdog; its connects are not counted in the metrics.
     */
    public H1Transport forChecks(UpstreamConfig checks) {
        return new H1Transport(checks, ConnectListener.NONE, watchdog, false);
    }

    private H1Pool pool(Endpoint endpoint) {
        H1Pool pool = pools.computeIfAbsent(endpoint, e -> new H1Pool(e.uri().getHost(), e.port(),
                config.pool().maxConnectionsPerEndpoint(), config.pool().maxQueuedPerEndpoint(),
                config.pool().keepAlive().toNanos(), watchdog));
        if (closed) {
            pool.close(); // made by a late exchange after the pools were closed: pool nothing either
        }
        return pool;
    }

    @Override
    public UpstreamResponse exchange(Endpoint endpoint, String method, String pathAndQuery, HttpFields headers,
                                     Content.Source body, long length, boolean replayable, ExchangeObserver observer) {
        H1Pool pool = pool(endpoint);
        long deadline = System.nanoTime() + config.timeouts().request().toNanos();
        pool.acquireSlot(config.timeouts().connect().toMillis());
        Exchange exchange = new Exchange(pool, deadline);
        boolean handedOver = false;
        try {
            boolean allowReuse = true;
            while (true) {
                H1Connection c = allowReuse ? pool.idleConnection() : null;
                if (c == null) {
                    c = open(pool, observer);
                }
                long receivedBefore = c.received;
                try {
                    H1RequestWriter.writeHead(c.out, method, pathAndQuery, headers, body != null, length);
                    if (body != null) {
                        H1RequestWriter.writeBody(c.out, body, length < 0);
                    }
                    c.out.flush();
                    exchange.requestSent();
                    H1Response response = H1Response.readHead(c, exchange, method);
                    handedOver = true;
                    return response;
                } catch (IOException e) {
                    c.close();
                    if (e instanceof SocketTimeoutException || c.received != receivedBefore) {
                        throw UpstreamFailures.classify(e); // a slow upstream, or the response had begun
                    }
                    // A pooled connection the upstream had already closed: send again on a new one.
                    if (c.reused && replayable) {
                        allowReuse = false;
                        continue;
                    }
                    throw UpstreamFailures.beforeResponse(e);
                } catch (RuntimeException e) {
                    c.close(); // e.g. the client's body failed mid-upload: the upstream saw half a request
                    throw e;
                }
            }
        } catch (IOException e) {
            throw UpstreamFailures.classify(e);
        } catch (GatewayException e) {
            throw e;
        } finally {
            if (!handedOver) {
                pool.releaseSlot();
            }
        }
    }

    /** Opens a connection on this thread, timing it for the request's trace and the upstream's metrics. */
    private H1Connection open(H1Pool pool, ExchangeObserver observer) throws IOException {
        long start = System.nanoTime();
        try {
            H1Connection c = pool.open((int) config.timeouts().connect().toMillis());
            long end = System.nanoTime();
            observer.connect(start, end, true);
            connects.connected(config.id(), end - start);
            return c;
        } catch (IOException e) {
            observer.connect(start, System.nanoTime(), false);
            throw e;
        }
    }

    @Override
    public PoolUse poolUse() {
        int active = 0;
        int idle = 0;
        for (H1Pool pool : pools.values()) {
            PoolUse use = pool.use();
            active += use.active();
            idle += use.idle();
        }
        return new PoolUse(active, idle);
    }

    /** Exchanges holding a pool slot: from the start of the exchange until its response is closed or discarded. */
    @Override
    public int inFlight() {
        int active = 0;
        for (H1Pool pool : pools.values()) {
            active += pool.use().active();
        }
        return active;
    }

    /** Closes the pools at once: once the idle connections are closed there is nothing left to wait for. */
    @Override
    public void retire(Executor releaser, Runnable released) {
        closePools();
        released.run();
    }

    @Override
    public void close() {
        closePools();
        if (ownsWatchdog) {
            watchdog.close();
        }
    }

    private void closePools() {
        closed = true;
        pools.values().forEach(H1Pool::close);
    }

    /** Per-exchange timing and the way back to the pool; the response calls {@link #finish} once. */
    final class Exchange {
        private final H1Pool pool;
        private final long deadline;
        private long headDeadline;

        Exchange(H1Pool pool, long deadline) {
            this.pool = pool;
            this.deadline = deadline;
        }

        /** Starts the response-headers clock: it covers the whole head (and any 1xx), not each read. */
        void requestSent() {
            headDeadline = Math.min(deadline, System.nanoTime() + config.timeouts().responseHeaders().toNanos());
        }

        int headTimeoutMillis() {
            return (int) Math.max(0, (headDeadline - System.nanoTime()) / 1_000_000);
        }

        int bodyReadTimeoutMillis() {
            return (int) Math.min(config.timeouts().idle().toMillis(), remainingMillis());
        }

        private long remainingMillis() {
            return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        }

        void finish(H1Connection c, boolean reusable) {
            if (reusable) {
                pool.recycle(c);
            } else {
                c.close();
            }
            pool.releaseSlot();
        }
    }
}
