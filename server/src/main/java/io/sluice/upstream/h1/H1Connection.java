package io.sluice.upstream.h1;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

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
    /** When the current read must have returned (System.nanoTime), 0 when no read is waiting. */
    volatile long readDeadline;
    private volatile boolean expired;
    private final H1Watchdog watchdog;

    private H1Connection(Socket socket, H1Watchdog watchdog) throws IOException {
        this.socket = socket;
        this.watchdog = watchdog;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    static H1Connection open(InetSocketAddress address, int connectTimeoutMillis, H1Watchdog watchdog) throws IOException {
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
        readDeadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int n;
        try {
            n = in.read(buf, lim, buf.length - lim);
        } catch (IOException e) {
            if (expired) {
                throw new SocketTimeoutException("upstream read timed out after " + timeoutMillis + " ms");
            }
            throw e;
        } finally {
            readDeadline = 0;
        }
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    boolean hasBufferedBytes() {
        return pos < lim;
    }

    /** Called by the watchdog when a read outlived its deadline: closing wakes the reader. */
    void expire() {
        expired = true;
        close();
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
