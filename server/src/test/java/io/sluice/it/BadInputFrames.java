package io.sluice.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;

/**
 * HTTP/2 over cleartext with prior knowledge, frame by frame: what a hostile client writes (frames
 * no library would send: resets right after HEADERS, CONTINUATION without end, connection-specific
 * fields, upper-case names) and what the server sends back. Header blocks are written as HPACK
 * literals without indexing or Huffman, so any name or value can be sent; answers are decoded with
 * Jetty's own HPACK decoder. Over TLS ({@link #overTls}) the same frames follow an h2 handshake.
 */
final class BadInputFrames implements AutoCloseable {

    static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7,
            CONTINUATION = 0x9;
    static final int END_STREAM = 0x1, END_HEADERS = 0x4;
    static final int PROTOCOL_ERROR = 0x1, CANCEL = 0x8, ENHANCE_YOUR_CALM = 0xb;

    /** A frame as read. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        /** GOAWAY's error code. */
        int goAwayError() {
            return ByteBuffer.wrap(payload, 4, 4).getInt();
        }

        /** GOAWAY's debug text (Jetty names the reason there). */
        String goAwayReason() {
            return new String(payload, 8, payload.length - 8, StandardCharsets.ISO_8859_1);
        }

        int rstError() {
            return ByteBuffer.wrap(payload).getInt();
        }
    }

    /** What came back on one stream, or the connection's end. */
    record Outcome(int status, Integer resetError, Frame goAway, boolean closed) {
        @Override
        public String toString() {
            return "status " + status + (resetError == null ? "" : ", RST_STREAM " + resetError)
                    + (goAway == null ? "" : ", GOAWAY " + goAway.goAwayError() + " " + goAway.goAwayReason())
                    + (closed ? ", connection closed" : "");
        }
    }

    /** Marks the end of the connection in {@link #frames}. */
    private static final Frame END = new Frame(-1, 0, 0, new byte[0]);

    private final Socket socket;
    private final OutputStream out;
    private final ReentrantLock writing = new ReentrantLock();
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final HpackDecoder decoder = new HpackDecoder(64 * 1024, System::nanoTime);

    /**
     * Connects and starts reading at once, on its own thread: a client that stops reading while it
     * floods lets the server's answer (its GOAWAY) sit unsent until the server's close discards it.
     */
    BadInputFrames(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** HTTP/2 over TLS: the handshake, with ALPN offering h2 only, then the same frames as over h2c. */
    static BadInputFrames overTls(SSLContext tls, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters params = s.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2"});
        s.setSSLParameters(params);
        s.startHandshake();
        if (!"h2".equals(s.getApplicationProtocol())) {
            s.close();
            throw new IOException("the server did not choose h2: " + s.getApplicationProtocol());
        }
        return new BadInputFrames(s);
    }

    private BadInputFrames(Socket socket) throws IOException {
        this.socket = socket;
        out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        Thread.ofVirtual().name("bad-input-h2-reader").start(() -> read(in));
        write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        write(frame(SETTINGS, 0, 0, new byte[0]));
        // settle the SETTINGS exchange first: an ACK written later could land inside a header block
        try {
            readUntil(f -> f.type() == SETTINGS && (f.flags() & 1) == 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write(frame(SETTINGS, 1, 0, new byte[0]));
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                frames.add(new Frame(type, flags, stream, payload));
            }
        } catch (IOException closed) {
            frames.add(END);
        }
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    static byte[] rst(int stream, int error) {
        return frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(error).array());
    }

    /** After a bad-input case: the node on {@code plainPort} still answers HTTP/1.1 and h2c (prior knowledge). */
    static void assertServesBothProtocols(int plainPort) throws Exception {
        org.assertj.core.api.Assertions.assertThat(RawHttp.status(RawHttp.exchange(plainPort,
                "GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))).isEqualTo(200);
        try (BadInputFrames h2 = new BadInputFrames(plainPort)) {
            org.assertj.core.api.Assertions.assertThat(h2.request(1, block("GET", "/small"), null).status()).isEqualTo(200);
        }
    }

    /** A header block: the pseudo-headers, then {@code fields} as name, value pairs, all sent as written. */
    static byte[] block(String method, String path, String... fields) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        literal(b, ":method", method);
        literal(b, ":scheme", "http");
        literal(b, ":authority", "a");
        if (path != null) {
            literal(b, ":path", path);
        }
        for (int i = 0; i < fields.length; i += 2) {
            literal(b, fields[i], fields[i + 1]);
        }
        return b.toByteArray();
    }

    /** One field as an HPACK literal without indexing with a new name (RFC 7541 6.2.2), no Huffman. */
    static void literal(ByteArrayOutputStream b, String name, String value) {
        b.write(0);
        string(b, name);
        string(b, value);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(b, bytes.length, 7);
        b.writeBytes(bytes);
    }

    private static void integer(ByteArrayOutputStream b, int value, int prefixBits) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            b.write(value);
            return;
        }
        b.write(max);
        value -= max;
        while (value >= 128) {
            b.write((value & 127) | 128);
            value >>>= 7;
        }
        b.write(value);
    }

    void write(byte[] bytes) throws IOException {
        writing.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writing.unlock();
        }
    }

    /** Writes as much of {@code bytes} as the server takes; false once it stopped reading (closed or reset). */
    boolean writeUntilRefused(byte[] bytes) {
        try {
            write(bytes);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * Frames until one matches {@code stop}, the server closes (a null is added last), or 5 s of
     * silence (nothing added).
     */
    List<Frame> readUntil(Predicate<Frame> stop) throws InterruptedException {
        List<Frame> read = new ArrayList<>();
        while (true) {
            Frame f = frames.poll(5, TimeUnit.SECONDS);
            if (f == null) {
                return read;
            }
            if (f == END) {
                frames.add(END); // the end stays the end for later reads
                read.add(null);
                return read;
            }
            read.add(f);
            if (stop.test(f)) {
                return read;
            }
        }
    }

    /** The frames that arrive within {@code millis}, with a null last when the server closed meanwhile. */
    List<Frame> readFor(long millis) throws InterruptedException {
        List<Frame> read = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            Frame f = frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                break;
            }
            if (f == END) {
                frames.add(END);
                read.add(null);
                break;
            }
            read.add(f);
        }
        return read;
    }

    /** Reads until {@code stream} ends (END_STREAM or RST_STREAM) or the connection does; decodes the status. */
    Outcome outcome(int stream) throws Exception {
        List<Frame> read = readUntil(f -> f.stream() == stream
                && (f.type() == RST_STREAM || (f.flags() & END_STREAM) != 0) || f.type() == GOAWAY);
        int status = -1;
        Integer reset = null;
        Frame goAway = null;
        for (Frame f : read) {
            if (f == null) {
                continue;
            }
            if (f.type() == HEADERS) {
                // every block is decoded, in order, to keep the HPACK table in step with the server's
                MetaData meta = decoder.decode(ByteBuffer.wrap(f.payload()));
                if (f.stream() == stream && status < 0 && meta instanceof MetaData.Response r) {
                    status = r.getStatus();
                }
            } else if (f.type() == RST_STREAM && f.stream() == stream) {
                reset = f.rstError();
            } else if (f.type() == GOAWAY) {
                goAway = f;
            }
        }
        boolean closed = !read.isEmpty() && read.getLast() == null || goAway != null && closes();
        return new Outcome(status, reset, goAway, closed);
    }

    /** Whether the server closes the connection within 5 s (reading and dropping what it still sends). */
    boolean closes() throws InterruptedException {
        List<Frame> rest = readUntil(f -> false);
        return !rest.isEmpty() && rest.getLast() == null;
    }

    /** Sends {@code block} as one HEADERS frame (END_HEADERS, and END_STREAM when there is no body) on {@code stream}. */
    Outcome request(int stream, byte[] block, byte[] body) throws Exception {
        write(frame(HEADERS, END_HEADERS | (body == null ? END_STREAM : 0), stream, block));
        if (body != null) {
            write(frame(DATA, END_STREAM, stream, body));
        }
        return outcome(stream);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
