package io.sluice.it;

import static io.sluice.it.BadInputFrames.CONTINUATION;
import static io.sluice.it.BadInputFrames.DATA;
import static io.sluice.it.BadInputFrames.END_HEADERS;
import static io.sluice.it.BadInputFrames.END_STREAM;
import static io.sluice.it.BadInputFrames.ENHANCE_YOUR_CALM;
import static io.sluice.it.BadInputFrames.GOAWAY;
import static io.sluice.it.BadInputFrames.HEADERS;
import static io.sluice.it.BadInputFrames.PING;
import static io.sluice.it.BadInputFrames.PROTOCOL_ERROR;
import static io.sluice.it.BadInputFrames.block;
import static io.sluice.it.BadInputFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP/2 part of the bad-input corpus (issue 7), frame by frame over h2c with prior knowledge
 * (the same Jetty HTTP/2 code serves h2 over TLS). Per stream: requests RFC 9113 calls malformed
 * and what each gets; the connection survives them. Per connection: floods end the connection
 * (GOAWAY ENHANCE_YOUR_CALM from Jetty's rate control, or PROTOCOL_ERROR past the header-block
 * limit), while other clients are served. After every case the node still serves HTTP/1.1 and HTTP/2.
 *
 * <p>Jetty's limits in play, as the gateway configures them (listener/Listeners): at most 256
 * concurrent streams, {@code maxHeaderBlockFragment} = {@code limits.maxRequestHeaderBytes}, and
 * Jetty's default rate control of 128 suspicious frames (resets, empty frames, CONTINUATION) a
 * second per connection. A header block over the limit is a connection error in Jetty (its HPACK
 * decoder treats a too-large block as a session failure), not a 431 on the stream as over HTTP/1.1.
 */
class BadInputH2IT {

    @TempDir
    static Path dir;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayFixture.withSmallLimits(TestPki.create(dir));
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

    private static Arguments status(String name, byte[] block, String body, int status) {
        return Arguments.of(name, block, body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1), status, null);
    }

    private static Arguments reset(String name, byte[] block, String body, int error) {
        return Arguments.of(name, block, body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1), -1, error);
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                status("a plain GET (control)", block("GET", "/small"), null, 200),
                status("Transfer-Encoding: chunked, the first step of h2-to-h1 smuggling -> 400 (RFC 9113 8.2.2)",
                        block("POST", "/echo", "transfer-encoding", "chunked"), "5\r\nhello\r\n0\r\n\r\nGET /echo?smuggled HTTP/1.1\r\n\r\n", 400),
                status("Keep-Alive -> 400", block("GET", "/echo", "keep-alive", "timeout=5"), null, 400),
                status("Proxy-Connection -> 400", block("GET", "/echo", "proxy-connection", "keep-alive"), null, 400),
                status("Upgrade -> 400", block("GET", "/echo", "upgrade", "websocket"), null, 400),
                status("Connection -> 400 (refused by Jetty)", block("GET", "/echo", "connection", "keep-alive"), null, 400),
                status("TE other than trailers -> 400 (refused by Jetty)", block("GET", "/echo", "te", "gzip"), null, 400),
                status("TE: trailers is allowed (gRPC needs it)", block("GET", "/echo", "te", "trailers"), null, 200),
                status("upper-case field name -> 400 (refused by Jetty)", block("GET", "/echo", "X-Upper", "v"), null, 400),
                status("Host naming another authority than :authority -> 400", block("GET", "/echo", "host", "b"), null, 400),
                status("CONNECT without :protocol: the gateway opens no tunnels -> 501", connect(), null, 501),
                status("path escaping the root", block("GET", "/../../etc/passwd"), null, 400),
                status("encoded dot-dot segments", block("GET", "/%2e%2e/%2e%2e/etc/passwd"), null, 400),
                status("body without content-length over the limit -> 413", block("POST", "/echo"), "a".repeat(2000), 413),
                reset("content-length larger than the DATA sent -> stream reset PROTOCOL_ERROR",
                        block("POST", "/echo", "content-length", "10"), "hello", PROTOCOL_ERROR),
                status("no :path -> 400 (RFC 9113 8.1.1 allows an answer before the reset)", block("GET", null), null, 400));
    }

    /** {@code :method CONNECT} and {@code :authority} only, as RFC 9113 8.5 has it. */
    private static byte[] connect() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BadInputFrames.literal(b, ":method", "CONNECT");
        BadInputFrames.literal(b, ":authority", "evil.invalid:443");
        return b.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void shouldAnswerMalformedStreamsWithTheExpectedStatusOrReset(String name, byte[] block, byte[] body, int status,
                                                                  Integer resetError) throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            BadInputFrames.Outcome outcome = h2.request(1, block, body);

            assertThat(outcome.goAway()).as("%s", outcome).isNull();
            if (resetError == null) {
                assertThat(outcome.status()).as("%s", outcome).isEqualTo(status);
            } else {
                assertThat(outcome.status()).as("%s", outcome).isEqualTo(-1);
                assertThat(outcome.resetError()).as("%s", outcome).isEqualTo(resetError);
            }
            // the connection survives a stream-level refusal
            assertThat(h2.request(3, block("GET", "/small"), null).status()).isEqualTo(200);
        }
    }

    /** The h2c upgrade's request came as HTTP/1.1, with Connection and Upgrade: not a malformed HTTP/2 request. */
    @Test
    void shouldServeTheRequestOfAnH2cUpgradeWithItsHttp11Fields() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.plainPort() + "/echo"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.version()).as("upgraded").isEqualTo(HttpClient.Version.HTTP_2);
        }
    }

    /**
     * CVE-2023-44487: HEADERS then RST_STREAM at once, 10,000 times on each of four connections, so
     * the server starts work the client never waits for. Jetty's rate control ends each connection
     * long before that, and the requests it did start stay few.
     */
    @Test
    void shouldSendGoAwayEnhanceYourCalmWhenAClientResetsStreamsRapidlyAndKeepServingOthers() throws Exception {
        byte[] block = block("GET", "/small");
        int logged = gateway.accessLog().size();
        try (var attackers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BadInputFrames.Outcome>> attacks = new ArrayList<>();
            for (int a = 0; a < 4; a++) {
                attacks.add(attackers.submit(() -> {
                    try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
                        ByteArrayOutputStream batch = new ByteArrayOutputStream();
                        for (int i = 0; i < 10_000; i++) {
                            int stream = 2 * i + 1;
                            batch.writeBytes(frame(HEADERS, END_HEADERS | END_STREAM, stream, block));
                            batch.writeBytes(BadInputFrames.rst(stream, BadInputFrames.CANCEL));
                            if (batch.size() > 64 * 1024 || i == 9_999) {
                                if (!h2.writeUntilRefused(batch.toByteArray())) {
                                    break;
                                }
                                batch.reset();
                            }
                        }
                        return end(h2);
                    }
                }));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(RawHttp.status(RawHttp.exchange(gateway.plainPort(),
                        "GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))).as("served during the attack").isEqualTo(200);
            }
            for (Future<BadInputFrames.Outcome> attack : attacks) {
                assertCalmedDown(attack.get(), ENHANCE_YOUR_CALM);
            }
        }
        long started = gateway.accessLog().subList(logged, gateway.accessLog().size()).stream()
                .filter(r -> r.protocol() == null || !r.protocol().startsWith("HTTP/1")).count();
        System.out.printf("rapid reset: 4 x 10,000 streams reset by the client; requests the gateway started: %d%n", started);
        assertThat(started).as("requests started for 40,000 reset streams").isLessThan(4_000);
    }

    /** CONTINUATION flood (2024): a header block that never ends, in frames that carry nothing. */
    @Test
    void shouldSendGoAwayEnhanceYourCalmWhenEmptyContinuationFramesNeverEndTheHeaders() throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            h2.write(frame(HEADERS, 0, 1, block("GET", "/small")));
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                flood.writeBytes(frame(CONTINUATION, 0, 1, new byte[0]));
            }
            h2.writeUntilRefused(flood.toByteArray());

            assertCalmedDown(end(h2), ENHANCE_YOUR_CALM);
        }
    }

    /** CONTINUATION flood with content: the block grows past maxHeaderBlockFragment and is never buffered further. */
    @Test
    void shouldEndTheConnectionWhenContinuationFramesGrowTheHeaderBlockPastTheLimit() throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            h2.write(frame(HEADERS, 0, 1, block("GET", "/small")));
            for (int i = 0; i < 2_000; i++) {
                ByteArrayOutputStream field = new ByteArrayOutputStream();
                BadInputFrames.literal(field, "x-c" + i, "b".repeat(100));
                if (!h2.writeUntilRefused(frame(CONTINUATION, 0, 1, field.toByteArray()))) {
                    break;
                }
            }

            assertCalmedDown(end(h2), PROTOCOL_ERROR);
        }
    }

    /** A 431 is what HTTP/1.1 gets; Jetty's HTTP/2 refuses the whole connection (see the class comment). */
    @Test
    void shouldEndTheConnectionWhenOneHeadersFrameCarriesABlockOverTheLimit() throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            BadInputFrames.Outcome outcome = h2.request(1, block("GET", "/small", "x-big", "a".repeat(6000)), null);

            assertThat(outcome.status()).as("%s", outcome).isEqualTo(-1);
            assertThat(outcome.goAway()).as("%s", outcome).isNotNull();
            assertThat(outcome.goAway().goAwayError()).as("%s", outcome).isNotZero();
            assertThat(outcome.closed()).isTrue();
        }
    }

    @Test
    void shouldEndTheConnectionWhenAHeaderBlockHasThousandsOfSmallFields() throws Exception {
        String[] fields = new String[2 * 1000];
        for (int i = 0; i < 1000; i++) {
            fields[2 * i] = "x-h" + i;
            fields[2 * i + 1] = "v";
        }
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            BadInputFrames.Outcome outcome = h2.request(1, block("GET", "/small", fields), null);

            assertThat(outcome.goAway()).as("%s", outcome).isNotNull();
            assertThat(outcome.closed()).isTrue();
        }
    }

    @Test
    void shouldEndTheConnectionWhenAClientFloodsPings() throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                flood.writeBytes(frame(PING, 0, 0, new byte[8]));
            }
            h2.writeUntilRefused(flood.toByteArray());

            assertCalmedDown(end(h2), ENHANCE_YOUR_CALM);
        }
    }

    @Test
    void shouldSendGoAwayEnhanceYourCalmWhenAClientFloodsEmptyDataFrames() throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            h2.write(frame(HEADERS, END_HEADERS, 1, block("POST", "/echo")));
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                flood.writeBytes(frame(DATA, 0, 1, new byte[0]));
            }
            h2.writeUntilRefused(flood.toByteArray());

            assertCalmedDown(end(h2), ENHANCE_YOUR_CALM);
        }
    }

    @Test
    void shouldSendGoAwayEnhanceYourCalmWhenAClientFloodsSettings() throws Exception {
        try (BadInputFrames h2 = new BadInputFrames(gateway.plainPort())) {
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                flood.writeBytes(frame(BadInputFrames.SETTINGS, 0, 0, new byte[0]));
            }
            h2.writeUntilRefused(flood.toByteArray());

            assertCalmedDown(end(h2), ENHANCE_YOUR_CALM);
        }
    }

    /** Reads to the end of the connection: its GOAWAY if one came, and whether it closed within 5 s. */
    private static BadInputFrames.Outcome end(BadInputFrames h2) throws Exception {
        List<BadInputFrames.Frame> frames = h2.readUntil(f -> f.type() == GOAWAY);
        BadInputFrames.Frame goAway = frames.stream().filter(f -> f != null && f.type() == GOAWAY).findFirst().orElse(null);
        boolean closed = !frames.isEmpty() && frames.getLast() == null || goAway != null && h2.closes();
        return new BadInputFrames.Outcome(-1, null, goAway, closed);
    }

    /**
     * The connection ended, with a GOAWAY naming {@code error} when one reached the client. A server
     * that closes with the attacker's bytes still unread resets the connection, and a reset can
     * overtake the GOAWAY (seen with PING floods): the end is what matters, the GOAWAY is Jetty's courtesy.
     */
    private static void assertCalmedDown(BadInputFrames.Outcome outcome, int error) {
        assertThat(outcome.closed()).as("the connection ends: %s", outcome).isTrue();
        if (outcome.goAway() != null) {
            assertThat(outcome.goAway().goAwayError()).as("%s", outcome).isEqualTo(error);
        }
    }
}
