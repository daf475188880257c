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

    static final int BUFFER = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    final OutputStream out;
    final byte[] buf = new byte[BUFFER];
    int pos;
    int lim;
    long idleSince;
    boolean reused;

    private H1Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
    }

    static H1Connection open(InetSocketAddress address, int connectTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, connectTimeoutMillis);
            return new H1Connection(socket);
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
     * with SocketTimeoutException after {@code timeoutMillis} without data.
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
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        int n = in.read(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    boolean hasBufferedBytes() {
        return pos < lim;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing left to do
        }
    }
}
