package io.sluice.listener;

import io.sluice.observe.LogBudget;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.NegotiatingServerConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a client may take to present a request head, {@code limits.requestHeaderTimeout}.
 * Jetty's idle timeout restarts with every byte read, so without this a client that trickles its
 * head a byte at a time (slowloris) keeps a connection, its buffers and a file descriptor for as
 * long as it likes. Three cases, each cut off between the timeout and the timeout plus two sweeps:
 * <ul>
 *   <li>an HTTP/1.x request head (request line and headers), from when it was first seen in
 *   progress; the connection is closed without a response, as when Jetty's idle timeout ends a head;</li>
 *   <li>an HTTP/2 header block (HEADERS and its CONTINUATION frames), from its first byte
 *   ({@link H2HeaderBlocks}); the block cannot be dropped alone, since the connection's HPACK state
 *   depends on it, so the connection gets GOAWAY ENHANCE_YOUR_CALM and is closed;</li>
 *   <li>a TLS handshake (with ALPN, every TLS listener here), from accept; the connection is closed.</li>
 * </ul>
 * The wait between requests on a kept-alive connection, and a slow body, are left to the idle timeouts.
 *
 * <p>One thread per listener looks at the listener's connections every quarter of the timeout (at
 * most once a second), like the upstream read watchdog: nothing is added to the request path.
 * Parser states are read without a lock from the sweeping thread: a stale read only delays a
 * cut-off by a sweep. Cut-offs are logged as WARN, at most five lines a second per listener.
 */
final class HeaderDeadline extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    /**
     * A head seen in progress: which one on its connection (HTTP/1.x: requests completed before it;
     * HTTP/2: its start) and since when.
     */
    private record Mark(long head, long sinceNanos) {
    }

    private final ServerConnector connector;
    private final long timeoutNanos;
    private final long sweepMillis;
    private final AtomicLong cutOff = new AtomicLong();
    private final LogBudget logBudget = new LogBudget(5, Duration.ofSeconds(1), InstantSource.system());
    private Map<Connection, Mark> marks = new HashMap<>();
    /** HTTP/2 connections sent GOAWAY on the last sweep, closed on the next if still open. */
    private Set<Connection> closing = new HashSet<>();
    private volatile Thread thread;

    HeaderDeadline(ServerConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeoutNanos = timeout.toNanos();
        this.sweepMillis = Math.clamp(timeout.toMillis() / 4, 10, 1000);
    }

    @Override
    protected void doStart() {
        if (!H2HeaderBlocks.AVAILABLE) {
            LOG.warn("listener {}: HTTP/2 header blocks are not bounded by limits.requestHeaderTimeout (see above)", connector.getName());
        }
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

    /** Connections cut off on this listener since start (slow heads, header blocks and handshakes). */
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
            try {
                sweep(System.nanoTime());
            } catch (RuntimeException e) {
                // one odd connection must not end the deadline for the whole listener
                if (logBudget.admit() >= 0) {
                    LOG.warn("request head sweep on {} failed; next sweep in {} ms", connector.getName(), sweepMillis, e);
                }
            }
        }
    }

    private void sweep(long now) {
        Map<Connection, Mark> next = new HashMap<>();
        Set<Connection> goingAway = new HashSet<>();
        long nowMillis = System.currentTimeMillis();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            Connection connection = endPoint.getConnection();
            if (closing.contains(connection)) {
                // GOAWAY was sent a sweep ago: a client that does not read lets it sit unsent, so close now
                endPoint.close();
                continue;
            }
            Connection inner = connection instanceof SslConnection tls ? tls.getSslEndPoint().getConnection() : connection;
            if (connection instanceof SslConnection && (inner == null || inner instanceof NegotiatingServerConnection)) {
                // ALPN replaces its connection as soon as the handshake ends: still there, still handshaking
                if (nowMillis - endPoint.getCreatedTimeStamp() > TimeUnit.NANOSECONDS.toMillis(timeoutNanos)) {
                    cut(endPoint, "its TLS handshake");
                    endPoint.close();
                }
            } else if (inner instanceof HttpConnection http && midHead(http)) {
                Mark mark = marks.get(http);
                if (mark == null || mark.head() != http.getMessagesIn()) {
                    mark = new Mark(http.getMessagesIn(), now);
                }
                if (now - mark.sinceNanos() > timeoutNanos) {
                    cut(endPoint, "its request head");
                    endPoint.close();
                } else {
                    next.put(http, mark);
                }
            } else if (inner instanceof HTTP2Connection h2) {
                OptionalLong since = H2HeaderBlocks.openSince(h2);
                if (since.isEmpty()) {
                    continue;
                }
                Mark mark = new Mark(since.getAsLong(), since.getAsLong());
                // the same block seen open on two sweeps, so a stale read cannot cut a block that just began
                if (mark.equals(marks.get(h2)) && now - mark.sinceNanos() > timeoutNanos) {
                    cut(endPoint, "an HTTP/2 request header block");
                    h2.getSession().close(ErrorCode.ENHANCE_YOUR_CALM_ERROR.code, "request_header_timeout", Callback.NOOP);
                    goingAway.add(connection);
                } else {
                    next.put(h2, mark);
                }
            }
        }
        marks = next;
        closing = goingAway;
    }

    private void cut(EndPoint endPoint, String what) {
        cutOff.incrementAndGet();
        long skipped = logBudget.admit();
        if (skipped >= 0) {
            LOG.warn("closed a connection on {} from {}: {} took longer than {} ms{}", connector.getName(),
                    endPoint.getRemoteSocketAddress(), what, TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    LogBudget.droppedSuffix(skipped, "connections"));
        }
    }

    /** Whether a request head has begun and not ended: the parser left START but has not reached the body. */
    private static boolean midHead(HttpConnection http) {
        var parser = http.getParser();
        return parser.inHeaderState() && !parser.isStart();
    }
}
