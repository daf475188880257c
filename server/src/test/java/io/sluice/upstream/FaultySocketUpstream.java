package io.sluice.upstream;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP upstream that reads each request (an HTTP/1.1 head, or an h2c preface and frames up to
 * the request's HEADERS frame) and then fails the way a test asks: a reset or a close before any
 * byte of the response, half a response head, or a head and part of the body. The first
 * {@code answerFirst} requests of every connection get a keep-alive {@code 200} instead (HTTP/1.1
 * only), so that a pooled connection can be made to fail on reuse.
 */
public final class FaultySocketUpstream implements AutoCloseable {

    /** What the upstream does once a request has arrived. */
    public enum Fault {
        /** TCP reset (SO_LINGER 0) without answering: an endpoint killed with the request in flight. */
        RESET_BEFORE_ANSWER,
        /** An orderly close (FIN) without answering. */
        CLOSE_BEFORE_ANSWER,
        /** Half a status line and headers, then an orderly close. */
        HALF_HEAD_THEN_CLOSE,
        /** Half a status line and headers, a pause, then a reset. */
        HALF_HEAD_THEN_RESET,
        /** A complete head promising 100 bytes, 4 of them, then an orderly close. */
        PART_OF_BODY_THEN_CLOSE,
        /** Nothing at all, the connection stays open: a hung upstream. */
        NO_ANSWER
    }

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Upstream: faulty\r\n\r\nok"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HALF_HEAD = "HTTP/1.1 200 OK\r\nContent-Le".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PART_OF_BODY = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket server;
    private final int answerFirst;
    private volatile Fault fault;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private FaultySocketUpstream(Fault fault, int answerFirst) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.fault = fault;
        this.answerFirst = answerFirst;
        Thread.ofVirtual().name("faulty-upstream-accept").start(this::accept);
    }

    /** Fails every request with {@code fault}. */
    public static FaultySocketUpstream start(Fault fault) throws IOException {
        return new FaultySocketUpstream(fault, 0);
    }

    /** Answers the first {@code answerFirst} requests of each connection, then fails with {@code fault}. */
    public static FaultySocketUpstream start(Fault fault, int answerFirst) throws IOException {
        return new FaultySocketUpstream(fault, answerFirst);
    }

    public void fault(Fault next) {
        this.fault = next;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Requests that arrived whole so far (answered or failed). */
    public int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                held.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int served = 0; ; served++) {
                if (!readRequest(in)) {
                    s.close();
                    return;
                }
                requests.incrementAndGet();
                if (served < answerFirst) {
                    out.write(OK);
                    out.flush();
                    continue;
                }
                fail(s, out);
                return;
            }
        } catch (IOException | InterruptedException gone) {
            closeQuietly(s);
        }
    }

    private void fail(Socket s, OutputStream out) throws IOException, InterruptedException {
        switch (fault) {
            case RESET_BEFORE_ANSWER -> reset(s);
            case CLOSE_BEFORE_ANSWER -> s.close();
            case HALF_HEAD_THEN_CLOSE -> {
                out.write(HALF_HEAD);
                out.flush();
                s.close();
            }
            case HALF_HEAD_THEN_RESET -> {
                out.write(HALF_HEAD);
                out.flush();
                Thread.sleep(300); // lets the gateway read the bytes first: no timing is asserted
                reset(s);
            }
            case PART_OF_BODY_THEN_CLOSE -> {
                out.write(PART_OF_BODY);
                out.flush();
                s.close();
            }
            case NO_ANSWER -> {
                // held until close()
            }
        }
    }

    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    /** Reads one request: an HTTP/1.1 head (a body is left unread), or h2c frames up to a request's HEADERS; false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.size() == H2_PREFACE.length && java.util.Arrays.equals(head.toByteArray(), H2_PREFACE)) {
                return readH2Request(new DataInputStream(in));
            }
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return true;
            }
        }
        return false;
    }

    /** Skips frames (SETTINGS, WINDOW_UPDATE, ...) until a HEADERS frame (type 1) on a client stream. */
    private static boolean readH2Request(DataInputStream in) throws IOException {
        byte[] frameHead = new byte[9];
        while (true) {
            in.readFully(frameHead);
            int length = (frameHead[0] & 0xff) << 16 | (frameHead[1] & 0xff) << 8 | (frameHead[2] & 0xff);
            int type = frameHead[3] & 0xff;
            int stream = ((frameHead[5] & 0x7f) << 24) | (frameHead[6] & 0xff) << 16 | (frameHead[7] & 0xff) << 8 | (frameHead[8] & 0xff);
            in.skipNBytes(length);
            if (type == 1 && stream > 0) {
                return true;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        held.forEach(FaultySocketUpstream::closeQuietly);
    }
}
