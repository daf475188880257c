package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Slow TLS handshakes in the bad-input corpus (issue 7): a client that opens TCP and then trickles
 * its ClientHello a byte every 300 ms never lets the idle timeout (5 s here) fire, and one that
 * sends nothing would hold the connection for all of it. The handshake must end within
 * {@code limits.requestHeaderTimeout} (1 s here) from accept, else the gateway closes the
 * connection, while clients whose handshakes complete are served over h2 and HTTP/1.1. A completed
 * handshake followed by a pause is not what it limits.
 */
class BadInputSlowTlsIT {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    /** Timeout plus two sweeps (a quarter of the timeout each), plus slack for a loaded CI machine. */
    private static final Duration CUT_OFF_BOUND = Duration.ofSeconds(4);
    /** A TLS record header announcing a 512-byte handshake record, and a ClientHello header inside it: the rest never comes. */
    private static final byte[] CLIENT_HELLO_START = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};

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
    void shouldCloseConnectionsWhoseHandshakeIsTrickledOrNeverSentWhileServingOthers() throws Exception {
        List<Future<Long>> slow = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient h2 = client(HttpClient.Version.HTTP_2);
             HttpClient h1 = client(HttpClient.Version.HTTP_1_1)) {
            for (int i = 0; i < 8; i++) {
                slow.add(clients.submit(handshaking(true)));
                slow.add(clients.submit(handshaking(false)));
            }
            int served = 0;
            long until = System.nanoTime() + HEADER_TIMEOUT.toNanos() * 2;
            while (System.nanoTime() < until) {
                for (HttpClient client : List.of(h2, h1)) {
                    HttpRequest small = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.tlsPort() + "/small")).build();
                    HttpResponse<String> r = client.send(small, HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("served meanwhile").isEqualTo(200);
                    assertThat(r.version()).isEqualTo(client.version());
                }
                served++;
            }
            assertThat(served).isPositive();
            for (Future<Long> client : slow) {
                assertThat(client.get()).as("ms until the gateway closed a client mid-handshake (-1: never)")
                        .isBetween(HEADER_TIMEOUT.toMillis() - 100, CUT_OFF_BOUND.toMillis());
            }
            System.out.printf("slow handshakes: %d clients closed after %s ms; %d h2 + %d HTTP/1.1 requests served meanwhile%n",
                    slow.size(), slow.stream().map(f -> String.valueOf(f.resultNow())).toList(), served, served);
        }
        assertThat(RawHttp.status(RawHttp.exchange(gateway.plainPort(), "GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")))
                .as("still serving").isEqualTo(200);
    }

    @Test
    void shouldNotCountThePauseAfterACompletedHandshake() throws Exception {
        SSLSocket s = (SSLSocket) pki.clientContext(null).getSocketFactory().createSocket("127.0.0.1", gateway.tlsPort());
        try (s) {
            var params = s.getSSLParameters();
            params.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(params);
            s.startHandshake();
            Thread.sleep(HEADER_TIMEOUT.toMillis() + 600);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).as("idle after the handshake: the idle timeout (5 s) governs").startsWith("HTTP/1.1 200");
        }
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(pki.clientContext(null)).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * Opens TCP to the TLS listener and, when {@code trickle}, starts a ClientHello and sends one more
     * byte of it every 300 ms, else sends nothing, until the gateway closes the connection: the
     * milliseconds that took from connecting, or -1 if it was still open after 10 s.
     */
    private static Callable<Long> handshaking(boolean trickle) {
        return () -> {
            try (Socket s = new Socket("127.0.0.1", gateway.tlsPort())) {
                long start = System.nanoTime();
                s.setSoTimeout(300);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                try {
                    if (trickle) {
                        out.write(CLIENT_HELLO_START);
                        out.flush();
                    }
                    while (System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                        try {
                            if (in.read() < 0) {
                                break;
                            }
                            // an alert: keep reading until the close
                        } catch (SocketTimeoutException stillOpen) {
                            if (trickle) {
                                out.write(0);
                                out.flush();
                            }
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
}
