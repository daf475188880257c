package io.sluice.listener;

import io.sluice.observe.LogBudget;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1.x connections whose request head (request line and headers) is still arriving
 * {@code limits.requestHeaderTimeout} after it was first seen in progress. Jetty's idle timeout
 * restarts with every byte read, so without this a client that trickles its headers a byte at a
 * time (slowloris) keeps a connection, its buffer and a file descriptor for as long as it likes.
 *
 * <p>One thread per listener looks at the listener's connections every quarter of the timeout (at
 * most once a second), like the upstream read watchdog: nothing is added to the request path. A
 * head is cut off between the timeout and the timeout plus two sweeps after its first byte; the
 * wait between requests on a kept-alive connection is not counted (the idle timeout covers it).
 * The client gets no response, as when Jetty's idle timeout ends a head. The parser's state is read
 * without a lock from the sweeping thread: a stale read only delays a cut-off by a sweep.
 */
final class HeaderDeadline extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    /** A head seen in progress: which one on its connection (requests completed before it) and since when. */
    private record Mark(long head, long sinceNanos) {
    }

    private final ServerConnector connector;
    private final long timeoutNanos;
    private final long sweepMillis;
    private final AtomicLong cutOff = new AtomicLong();
    private final LogBudget logBudget = new LogBudget(5, Duration.ofSeconds(1), InstantSource.system());
    private Map<Connection, Mark> marks = new HashMap<>();
    private volatile Thread thread;

    HeaderDeadline(ServerConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeoutNanos = timeout.toNanos();
        this.sweepMillis = Math.clamp(timeout.toMillis() / 4, 10, 1000);
    }

    @Override
    protected void doStart() {
        Thread t = Thread.ofPlatform().daemon().name("sluice-headers-" + connector.getName()).unstarted(this::run);
        thread = t;
        t.start();
    }

    @Override
    protected void doStop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Heads cut off on this listener since start. */
    long cutOff() {
        return cutOff.get();
    }

    private void run() {
        while (isRunning()) {
            try {
                TimeUnit.MILLISECONDS.sleep(sweepMillis);
            } catch (InterruptedException e) {
                return;
            }
            sweep(System.nanoTime());
        }
    }

    private void sweep(long now) {
        Map<Connection, Mark> next = new HashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (!(http(endPoint.getConnection()) instanceof HttpConnection http) || !midHead(http)) {
                continue;
            }
            Mark mark = marks.get(http);
            if (mark == null || mark.head() != http.getMessagesIn()) {
                mark = new Mark(http.getMessagesIn(), now);
            }
            if (now - mark.sinceNanos() > timeoutNanos) {
                cutOff.incrementAndGet();
                long skipped = logBudget.admit();
                if (skipped >= 0) {
                    LOG.warn("closed a connection on {} from {}: its request head took longer than {} ms{}", connector.getName(),
                            endPoint.getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                            LogBudget.droppedSuffix(skipped, "connections"));
                }
                endPoint.close();
            } else {
                next.put(http, mark);
            }
        }
        marks = next;
    }

    /** The HTTP/1.x connection on {@code connection}, looking through TLS; null for anything else (h2, a handshake). */
    private static Connection http(Connection connection) {
        if (connection instanceof SslConnection tls) {
            return tls.getSslEndPoint().getConnection();
        }
        return connection;
    }

    /** Whether a request head has begun and not ended: the parser left START but has not reached the body. */
    private static boolean midHead(HttpConnection http) {
        var parser = http.getParser();
        return parser.inHeaderState() && !parser.isStart();
    }
}
