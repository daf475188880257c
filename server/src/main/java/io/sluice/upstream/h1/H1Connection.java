package io.sluice.upstream.h1;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One keep-alive TCP connection to an upstream, used by one request at a time. Plain blocking
 * socket I/O: on a virtual thread a read parks the thread and the JDK's poller unparks it, so the
 * request's own thread reads and writes without handing the exchange to another thread.
 */
final class H1Connection implements AutoCloseable {

    static final int BUFFER = 32 * 1024;

    private final Socket socket;
    private final InputStream in;
    final OutputStream out;
    final byte[] buf = new byte[BUFFER];
    int pos;
    int lim;
    long idleSince;
    boolean reused;
    /**
     * Bytes read from the upstream over the connection's life: compared before and after an
     * exchange's failure, it tells whether any byte of the response (an interim 1xx included) had
     * arrived, which decides whether the request may be sent again.
     */
    long received;
    /**
     * When the current read must have returned (System.nanoTime), {@link #IDLE} when no read is
     * waiting, {@link #EXPIRED} once the watchdog took the connection away. Reader and watchdog hand
     * it over with compare-and-set, so a read that returns right at its deadline and a watchdog
     * that fires at the same moment cannot both win.
     */
    private final AtomicLong readDeadline = new AtomicLong(IDLE);
    static final long IDLE = 0;
    static final long EXPIRED = Long.MIN_VALUE;
    /** Idle keep-alive time the upstream announced ({@code Keep-Alive: timeout=N}), or -1. */
    long upstreamKeepAliveNanos = -1;
    private final H1Watchdog watchdog;

    private H1Connection(Socket socket, H1Watchdog watchdog) throws IOException {
        this.socket = socket;
        this.watchdog = watchdog;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /** Resolves {@code host} on every connect (the JDK caches by TTL), so DNS changes and failures are not pinned. */
    static H1Connection open(String host, int port, int connectTimeoutMillis, H1Watchdog watchdog) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException(host);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, connectTimeoutMillis);
            H1Connection c = new H1Connection(socket, watchdog);
            watchdog.watch(c);
            return c;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("connect timed out after " + connectTimeoutMillis + " ms");
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Reads more bytes after {@code lim}, compacting first; returns -1 at end of stream. Gives up
     * with SocketTimeoutException after {@code timeoutMillis} without data (enforced by the
     * {@link H1Watchdog}, which closes the socket).
     */
    int fill(int timeoutMillis) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (lim == buf.length) {
            if (pos == 0) {
                throw new IOException("upstream line longer than " + buf.length + " bytes");
            }
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (timeoutMillis <= 0) {
            throw new SocketTimeoutException("upstream read timed out");
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        if (deadline == IDLE || deadline == EXPIRED) {
            deadline++;
        }
        if (!readDeadline.compareAndSet(IDLE, deadline)) {
            throw new SocketTimeoutException("upstream read timed out");
        }
        int n;
        try {
            n = in.read(buf, lim, buf.length - lim);
        } catch (IOException e) {
            if (endRead()) {
                throw new SocketTimeoutException("upstream read timed out after " + timeoutMillis + " ms");
            }
            throw e;
        }
        if (endRead()) {
            // the watchdog won the race: the socket is closed, whatever the read returned
            throw new SocketTimeoutException("upstream read timed out after " + timeoutMillis + " ms");
        }
        if (n > 0) {
            lim += n;
            received += n;
        }
        return n;
    }

    /** Ends the current read; true when the watchdog had already expired it. */
    private boolean endRead() {
        return readDeadline.getAndUpdate(v -> v == EXPIRED ? EXPIRED : IDLE) == EXPIRED;
    }

    boolean hasBufferedBytes() {
        return pos < lim;
    }

    /** Called by the watchdog: takes the connection away from a read that outlived its deadline. */
    void expireIfLate(long now) {
        long deadline = readDeadline.get();
        if (deadline != IDLE && deadline != EXPIRED && now - deadline > 0
                && readDeadline.compareAndSet(deadline, EXPIRED)) {
            close(); // wakes the parked reader
        }
    }

    /** Whether the connection may carry another exchange. */
    boolean usable() {
        return readDeadline.get() != EXPIRED && !socket.isClosed();
    }

    /**
     * Whether a pooled connection that sat idle is still open: a 1 ms read expecting nothing. Only
     * used after a pause, so the timed read's cost is not paid on a busy connection.
     */
    boolean stillOpen() {
        try {
            socket.setSoTimeout(1);
            in.read(buf, 0, buf.length);
            return false; // end of stream (-1) or unsolicited bytes: either way not reusable
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException broken) {
            return false;
        } finally {
            try {
                socket.setSoTimeout(0);
            } catch (IOException ignored) {
                // closed meanwhile: the next use fails and is handled there
            }
        }
    }

    @Override
    public void close() {
        watchdog.forget(this);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing left to do
        }
    }
}
