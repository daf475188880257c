package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients in the bad-input corpus (issue 7): a client that trickles its request head a byte
 * every 500 ms never lets Jetty's idle timeout fire, so {@code limits.requestHeaderTimeout} (1 s
 * here; the idle timeout is 5 s) bounds how long a head may take: the gateway closes such
 * connections, over plain HTTP/1.1 and over TLS, while it keeps serving everyone else. The wait
 * between requests on a kept-alive connection and a slow body are not what it limits.
 */
class BadInputSlowIT {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    /** Timeout plus two sweeps (a quarter of the timeout each), plus slack for a loaded CI machine. */
    private static final Duration CUT_OFF_BOUND = Duration.ofSeconds(4);

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        gateway = GatewayFixture.withHeaderTimeout(pki, HEADER_TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void shouldCutOffClientsThatTrickleTheirRequestHeadWhileServingOthers() throws Exception {
        List<Future<Long>> slow = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                slow.add(clients.submit(trickling(BadInputSlowIT::plain, "GET /small HTTP/1.1\r\nHost: a\r\nX-Slow: ")));
                slow.add(clients.submit(trickling(BadInputSlowIT::plain, "GET /sm")));
                slow.add(clients.submit(trickling(BadInputSlowIT::tls, "GET /small HTTP/1.1\r\nHost: a\r\nX-Slow: ")));
            }
            int served = 0;
            long until = System.nanoTime() + HEADER_TIMEOUT.toNanos() * 2;
            while (System.nanoTime() < until) {
                assertThat(RawHttp.status(RawHttp.exchange(gateway.plainPort(),
                        "GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))).as("served meanwhile").isEqualTo(200);
                served++;
            }
            assertThat(served).isPositive();
            for (Future<Long> client : slow) {
                long millis = client.get();
                assertThat(millis).as("ms until the gateway closed a trickling client (-1: never)")
                        .isBetween(HEADER_TIMEOUT.toMillis() - 100, CUT_OFF_BOUND.toMillis());
            }
            System.out.printf("slow heads: %d clients cut off after %s ms; %d requests served meanwhile%n", slow.size(),
                    slow.stream().map(f -> String.valueOf(f.resultNow())).toList(), served);
        }
    }

    @Test
    void shouldNotCountTheWaitBetweenRequestsOnAKeptAliveConnection() throws Exception {
        try (Socket s = plain()) {
            s.setSoTimeout(5000);
            BadInputWire.Response first = exchange(s, "GET /small HTTP/1.1\r\nHost: a\r\n\r\n");
            Thread.sleep(HEADER_TIMEOUT.toMillis() + 600);
            BadInputWire.Response second = exchange(s, "GET /small HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).as("idle, not slow: the idle timeout (5 s) governs").isEqualTo(200);
        }
    }

    @Test
    void shouldLeaveASlowBodyToTheIdleTimeout() throws Exception {
        try (Socket s = plain()) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 4; i++) {
                out.flush();
                Thread.sleep(400);
                out.write('b');
            }
            out.flush();
            BadInputWire.Response r = exchange(s, "");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("body-bytes: 4");
        }
    }

    private static Socket plain() throws IOException {
        return new Socket("127.0.0.1", gateway.plainPort());
    }

    private static Socket tls() throws IOException {
        SSLSocket s = (SSLSocket) pki.clientContext(null).getSocketFactory().createSocket("127.0.0.1", gateway.tlsPort());
        var params = s.getSSLParameters();
        params.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(params);
        s.startHandshake();
        return s;
    }

    /**
     * Sends {@code head}, then one more byte every 500 ms, until the gateway closes the connection:
     * the milliseconds that took from the first byte, or -1 if it was still open after 10 s.
     */
    private static Callable<Long> trickling(Callable<Socket> connect, String head) {
        return () -> {
            try (Socket s = connect.call()) {
                s.setSoTimeout(500);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                long start = System.nanoTime();
                try {
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    while (System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                        try {
                            int b = in.read();
                            if (b < 0) {
                                break;
                            }
                            throw new AssertionError("the gateway answered a head that never ended");
                        } catch (SocketTimeoutException stillOpen) {
                            out.write('a');
                            out.flush();
                        }
                    }
                } catch (IOException closed) {
                    // reset or broken pipe: closed as well
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                return millis >= 10_000 ? -1 : millis;
            }
        };
    }

    private static BadInputWire.Response exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before an answer: " + head);
            }
            head.append((char) c);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        return new BadInputWire.Response(status, java.util.Map.of(), body);
    }
}
