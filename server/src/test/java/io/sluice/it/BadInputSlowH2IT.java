package io.sluice.it;

import static io.sluice.it.BadInputFrames.CONTINUATION;
import static io.sluice.it.BadInputFrames.DATA;
import static io.sluice.it.BadInputFrames.END_HEADERS;
import static io.sluice.it.BadInputFrames.END_STREAM;
import static io.sluice.it.BadInputFrames.ENHANCE_YOUR_CALM;
import static io.sluice.it.BadInputFrames.GOAWAY;
import static io.sluice.it.BadInputFrames.HEADERS;
import static io.sluice.it.BadInputFrames.block;
import static io.sluice.it.BadInputFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow HTTP/2 clients in the bad-input corpus (issue 7), over h2c with prior knowledge and h2 over
 * TLS: a header block (HEADERS and its CONTINUATION frames) must be complete within
 * {@code limits.requestHeaderTimeout} (1 s here; the idle timeout is 5 s) from its first byte,
 * however it is trickled: CONTINUATION frames one at a time, a HEADERS frame a byte at a time, or a
 * HEADERS frame without END_HEADERS followed by nothing. The block cannot be dropped alone (the
 * connection's HPACK state depends on it), so the connection ends, with GOAWAY ENHANCE_YOUR_CALM
 * when the client reads it, while other clients keep getting their 200s. A slow body is not what it
 * limits. After every case the node still serves HTTP/1.1 and HTTP/2.
 */
class BadInputSlowH2IT {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    /** Timeout plus two sweeps (a quarter of the timeout each) and the sweep that closes after GOAWAY, plus slack. */
    private static final Duration CUT_OFF_BOUND = Duration.ofSeconds(4);
    private static final long TRICKLE_MILLIS = 300;

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayFixture gateway;

    /** A connection's end as a trickling client saw it: after how many ms (-1: still open after 10 s), and its GOAWAY if one came. */
    record Cut(long millis, BadInputFrames.Frame goAway) {
        @Override
        public String toString() {
            return millis + " ms" + (goAway == null ? "" : " GOAWAY " + goAway.goAwayError() + " " + goAway.goAwayReason());
        }
    }

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

    @AfterEach
    void theNodeStillServesBothProtocols() throws Exception {
        BadInputFrames.assertServesBothProtocols(gateway.plainPort());
    }

    @Test
    void shouldEndConnectionsThatTrickleContinuationFramesWhileServingOtherHttp2Clients() throws Exception {
        List<Future<Cut>> slow = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient legit = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(pki.clientContext(null))
                     .connectTimeout(Duration.ofSeconds(2)).build()) {
            for (int i = 0; i < 4; i++) {
                slow.add(clients.submit(trickling(BadInputSlowH2IT::h2c, BadInputSlowH2IT::continuation)));
                slow.add(clients.submit(trickling(BadInputSlowH2IT::h2, BadInputSlowH2IT::continuation)));
            }
            int served = 0;
            long until = System.nanoTime() + HEADER_TIMEOUT.toNanos() * 2;
            HttpRequest small = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.tlsPort() + "/small")).build();
            while (System.nanoTime() < until) {
                HttpResponse<String> r = legit.send(small, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("served meanwhile over h2").isEqualTo(200);
                assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
                try (BadInputFrames h2c = h2c()) {
                    assertThat(h2c.request(1, block("GET", "/small"), null).status()).as("served meanwhile over h2c").isEqualTo(200);
                }
                served++;
            }
            assertThat(served).isPositive();
            assertCutOff(slow);
            System.out.printf("trickled CONTINUATION: %d connections ended after %s; %d h2 + %d h2c requests served meanwhile%n",
                    slow.size(), slow.stream().map(f -> f.resultNow().toString()).toList(), served, served);
        }
    }

    @Test
    void shouldEndConnectionsThatTrickleAHeadersFrameAByteAtATime() throws Exception {
        byte[] block = block("GET", "/small", "x-pad", "p".repeat(40));
        byte[] whole = frame(HEADERS, END_HEADERS | END_STREAM, 1, block);
        assertThat(block.length * TRICKLE_MILLIS).as("trickled for longer than the client waits").isGreaterThan(10_000);
        List<Future<Cut>> slow = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<BadInputFrames> connect : List.<Callable<BadInputFrames>>of(BadInputSlowH2IT::h2c, BadInputSlowH2IT::h2)) {
                // the frame header and its first payload byte at once, then one byte per trickle (the frame outlasts 10 s)
                slow.add(clients.submit(trickling(connect, i -> i == 0 ? Arrays.copyOf(whole, 10) : new byte[] {whole[9 + i]})));
            }
            assertCutOff(slow);
        }
    }

    @Test
    void shouldEndConnectionsThatLeaveAHeaderBlockOpenAndSendNothing() throws Exception {
        List<Future<Cut>> slow = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<BadInputFrames> connect : List.<Callable<BadInputFrames>>of(BadInputSlowH2IT::h2c, BadInputSlowH2IT::h2)) {
                slow.add(clients.submit(trickling(connect, i -> i == 0 ? frame(HEADERS, END_STREAM, 1, block("GET", "/small")) : new byte[0])));
            }
            assertCutOff(slow);
        }
    }

    @Test
    void shouldServeAHeaderBlockThatEndsInTime() throws Exception {
        try (BadInputFrames h2 = h2c()) {
            h2.write(frame(HEADERS, END_STREAM, 1, block("GET", "/small")));
            Thread.sleep(HEADER_TIMEOUT.toMillis() / 3);
            ByteArrayOutputStream field = new ByteArrayOutputStream();
            BadInputFrames.literal(field, "x-late", "v");
            h2.write(frame(CONTINUATION, END_HEADERS, 1, field.toByteArray()));

            assertThat(h2.outcome(1).status()).isEqualTo(200);
        }
    }

    /** A body frame trickled a byte at a time for longer than the timeout: the stream idle timeout (5 s) governs, not this. */
    @Test
    void shouldLeaveASlowBodyToTheIdleTimeout() throws Exception {
        try (BadInputFrames h2 = h2c()) {
            h2.write(frame(HEADERS, END_HEADERS, 1, block("POST", "/echo", "content-length", "4")));
            byte[] data = frame(DATA, END_STREAM, 1, "bbbb".getBytes());
            for (int i = 0; i < data.length; i++) {
                h2.write(new byte[] {data[i]});
                if (i >= 8) {
                    Thread.sleep(HEADER_TIMEOUT.toMillis() / 2);
                }
            }

            assertThat(h2.outcome(1).status()).isEqualTo(200);
        }
    }

    private static BadInputFrames h2c() throws Exception {
        return new BadInputFrames(gateway.plainPort());
    }

    private static BadInputFrames h2() throws Exception {
        return BadInputFrames.overTls(pki.clientContext(null), gateway.tlsPort());
    }

    /** The bytes of step {@code i}: HEADERS without END_HEADERS first, then one CONTINUATION frame each with a new field. */
    private static byte[] continuation(int i) {
        if (i == 0) {
            return frame(HEADERS, END_STREAM, 1, block("GET", "/small"));
        }
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        BadInputFrames.literal(field, "x-t" + i, "v");
        return frame(CONTINUATION, 0, 1, field.toByteArray());
    }

    /**
     * Connects, writes step 0 at once, then a step every {@value #TRICKLE_MILLIS} ms (empty steps
     * write nothing) until the gateway ends the connection, reading what it sends meanwhile.
     */
    private static Callable<Cut> trickling(Callable<BadInputFrames> connect, IntFunction<byte[]> step) {
        return () -> {
            try (BadInputFrames h2 = connect.call()) {
                long start = System.nanoTime();
                BadInputFrames.Frame goAway = null;
                boolean ended = false;
                for (int i = 0; !ended && System.nanoTime() - start < Duration.ofSeconds(10).toNanos(); i++) {
                    byte[] bytes = step.apply(i);
                    boolean refused = bytes.length > 0 && !h2.writeUntilRefused(bytes);
                    List<BadInputFrames.Frame> read = h2.readFor(refused ? 1000 : TRICKLE_MILLIS);
                    for (BadInputFrames.Frame f : read) {
                        if (f != null && f.type() == GOAWAY) {
                            goAway = f;
                        }
                        if (f != null && f.type() == HEADERS) {
                            throw new AssertionError("the gateway answered a header block that never ended");
                        }
                    }
                    ended = refused || !read.isEmpty() && read.getLast() == null;
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                return new Cut(ended ? millis : -1, goAway);
            }
        };
    }

    private static void assertCutOff(List<Future<Cut>> slow) throws Exception {
        for (Future<Cut> client : slow) {
            Cut cut = client.get();
            assertThat(cut.millis()).as("ms until the gateway ended a trickling client (-1: never): %s", cut)
                    .isBetween(HEADER_TIMEOUT.toMillis() - 100, CUT_OFF_BOUND.toMillis());
            if (cut.goAway() != null) {
                assertThat(cut.goAway().goAwayError()).as("%s", cut).isEqualTo(ENHANCE_YOUR_CALM);
            }
        }
    }
}
