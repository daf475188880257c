package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.observe.AccessRecord;
import io.sluice.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP/1.1 part of the bad-input corpus (issue 7): malformed and hostile requests sent byte
 * for byte over a raw socket, each followed by a pipelined canary request. Every case states the
 * status the gateway answers and what becomes of the connection: {@link After#CLOSED} (nothing
 * after the bad request is read, so no byte of it can be taken for a next request) or
 * {@link After#KEPT} (the framing was unambiguous: the canary is answered next, and nothing
 * hidden in a body ever is). No rejected request reaches the upstream as a success, and the node
 * serves a normal request afterwards.
 *
 * <p>Statuses follow RFC 9110 / 9112 and, where those leave a choice, the gateway's (Jetty's)
 * stricter one, noted per case. Where the rest of the corpus lives: {@code BadInputH2IT} (HTTP/2
 * frames: rapid reset, CONTINUATION and header floods, connection-specific fields),
 * {@code BadInputSlowIT} (slowloris), {@code BadInputAdminIT} (admin API bodies, invalid configs,
 * certificates and roles), {@code BadInputTlsIT} (expired, foreign-CA and wrong-SAN certificates
 * on listeners and upstreams).
 */
class BadInputIT {

    /** What the gateway does with the connection after answering the bad request. */
    enum After { CLOSED, KEPT }

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

    private static Arguments bad(String name, String request, int status, After after) {
        return Arguments.of(name, request, status, after, null);
    }

    /** A request the gateway serves: the upstream's answer (demo /echo) must contain {@code upstreamSaw}. */
    private static Arguments served(String name, String request, String upstreamSaw) {
        return Arguments.of(name, request, 200, After.KEPT, upstreamSaw);
    }

    static Stream<Arguments> cases() {
        String smuggled = "GET /echo?smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
        return Stream.of(
                // request line and version
                bad("garbage request line", "HELLO\r\n\r\n", 400, After.CLOSED),
                bad("missing HTTP version", "GET /echo\r\nHost: a\r\n\r\n", 505, After.CLOSED),
                bad("unknown HTTP version", "GET /echo HTTP/7.1\r\nHost: a\r\n\r\n", 505, After.CLOSED),
                bad("request line over the header limit -> 414", "GET /" + "a".repeat(6000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                        414, After.CLOSED),
                bad("no Host header on HTTP/1.1", "GET /echo HTTP/1.1\r\n\r\n", 400, After.CLOSED),
                bad("two Host headers", "GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, After.CLOSED),
                bad("Host with a space", "GET /echo HTTP/1.1\r\nHost: a b\r\n\r\n", 400, After.CLOSED),

                // Content-Length / Transfer-Encoding: the smuggling shapes
                bad("duplicate Content-Length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                        400, After.CLOSED),
                bad("duplicate identical Content-Length (RFC 9110 8.6 allows merging; Jetty refuses, stricter)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400, After.CLOSED),
                bad("conflicting Content-Length list 5, 6", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!",
                        400, After.CLOSED),
                bad("Content-Length list 5, 5 (refused like duplicates)", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello",
                        400, After.CLOSED),
                bad("Content-Length with a sign +5", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", 400, After.CLOSED),
                bad("negative Content-Length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\nhello", 400, After.CLOSED),
                bad("hex Content-Length 0x5", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello", 400, After.CLOSED),
                bad("Content-Length 5 5", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\nhello", 400, After.CLOSED),
                served("Content-Length with surrounding OWS is valid (RFC 9110 5.5)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length:  5 \r\n\r\nhello", "body-bytes: 5"),
                bad("Content-Length then Transfer-Encoding (CL.TE)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, After.CLOSED),
                bad("Transfer-Encoding then Content-Length (TE.CL)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                                + Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n", 400, After.CLOSED),
                bad("Transfer-Encoding gzip, chunked: a coding the gateway cannot pass on -> 501 (RFC 9112 6.1)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, After.KEPT),
                bad("Transfer-Encoding gzip and chunked on two lines -> 501",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        501, After.KEPT),
                bad("Transfer-Encoding chunked, gzip: chunked not last (RFC 9112 6.3)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400, After.CLOSED),
                bad("Transfer-Encoding gzip alone", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("Transfer-Encoding chunked, chunked", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("Transfer-Encoding chunked on two lines",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("Transfer-Encoding xchunked", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("Transfer-Encoding identity (removed from HTTP/1.1)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n", 400, After.CLOSED),
                bad("Transfer-Encoding with a space before the colon",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400, After.CLOSED),
                bad("Transfer-Encoding with a vertical tab", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n",
                        400, After.CLOSED),
                served("Transfer-Encoding ChUnKeD: coding names are case-insensitive (RFC 9112 7)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ChUnKeD\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "body-bytes: 5"),
                served("Transfer-Encoding after a tab and before a space: OWS",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tchunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n", "body-bytes: 5"),
                bad("Transfer-Encoding on HTTP/1.0: faulty framing, 400 and close (RFC 9112 6.1)",
                        "POST /echo HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("Transfer-Encoding and Content-Length on HTTP/1.0",
                        "POST /echo HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, After.CLOSED),

                // chunk framing
                bad("bad chunk size", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("chunk size overflowing 64 bits",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff1\r\nhello\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("chunk size with a leading space", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("chunk size 0x5", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
                        400, After.CLOSED),
                bad("chunk lines ended by bare LF", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n",
                        400, After.CLOSED),
                bad("chunk data longer than its size", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
                        400, After.CLOSED),
                bad("chunk extension containing a bare LF",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a\nb\r\nhello\r\n0\r\n\r\n", 400, After.CLOSED),
                served("chunk extension (ignored)", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\n\r\n",
                        "body-bytes: 5"),

                // line endings and field syntax
                bad("bare LF line endings throughout", "GET /echo HTTP/1.1\nHost: a\n\n", 400, After.CLOSED),
                bad("bare LF after the request line", "GET /echo HTTP/1.1\nHost: a\r\n\r\n", 400, After.CLOSED),
                bad("bare LF hiding a Content-Length in a field",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nX-A: 1\nContent-Length: 5\r\n\r\nhello", 400, After.CLOSED),
                bad("bare CR inside a field value", "GET /echo HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", 400, After.CLOSED),
                bad("NUL inside a field value", "GET /echo HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n", 400, After.CLOSED),
                bad("obs-fold continuation line", "GET /echo HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", 400, After.CLOSED),
                bad("space before the colon", "GET /echo HTTP/1.1\r\nHost: a\r\nX-A : one\r\n\r\n", 400, After.CLOSED),
                bad("field line starting with a space", "GET /echo HTTP/1.1\r\nHost: a\r\n X-A: b\r\n\r\n", 400, After.CLOSED),

                // sizes. A body over the limit gets 413 as soon as that is known (declared: before reading;
                // chunked: once 1,000 bytes passed). What already arrived of the rest is read and dropped,
                // so the connection is kept; a body still arriving when the answer is sent closes it.
                bad("header block over the limit", "GET /echo HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(6000) + "\r\n\r\n",
                        431, After.CLOSED),
                bad("1,000 small header fields (the byte limit bounds the count)",
                        "GET /echo HTTP/1.1\r\nHost: a\r\n" + manyFields(1000) + "\r\n", 431, After.CLOSED),
                bad("declared body over the limit, body not sent: the canary is read as body, then close",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413, After.CLOSED),
                bad("declared body over the limit holding a request: the body is read and dropped, never parsed",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1500\r\n\r\n" + smuggled
                                + "a".repeat(1500 - smuggled.length()), 413, After.KEPT),
                bad("chunked body over the limit: 413 once 1,000 bytes passed, the rest read and dropped",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "a".repeat(1024) + "\r\n0\r\n\r\n",
                        413, After.KEPT),
                bad("chunked body over the limit with a request inside its data",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + "a".repeat(1100) + smuggled
                                + "a".repeat(2048 - 1100 - smuggled.length()) + "\r\n0\r\n\r\n", 413, After.KEPT),

                // request targets: one refused by Jetty's URI rules after parsing was still soundly framed,
                // so the connection is kept; one the parser itself cannot take closes it
                bad("path escaping the root", "GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 400, After.CLOSED),
                bad("encoded dot-dot segments %2e%2e", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 400, After.CLOSED),
                bad("encoded dot-dot inside the path", "GET /x/%2e%2e/echo HTTP/1.1\r\nHost: a\r\n\r\n", 400, After.KEPT),
                bad("encoded slash %2f (ambiguous: refused rather than guessed)", "GET /echo%2fx HTTP/1.1\r\nHost: a\r\n\r\n",
                        400, After.KEPT),
                bad("dot-dot with encoded slashes", "GET /..%2f..%2fetc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 400, After.KEPT),
                bad("invalid percent-encoding", "GET /echo%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, After.CLOSED),
                bad("absolute-form naming another host than Host", "GET http://evil.invalid/echo HTTP/1.1\r\nHost: a\r\n\r\n",
                        400, After.KEPT),
                served("absolute-form for this host", "GET http://a/echo HTTP/1.1\r\nHost: a\r\n\r\n", "GET /echo"),
                served("absolute-form to another host goes to this gateway's own route, never to that host",
                        "GET http://evil.invalid:8443/echo HTTP/1.1\r\nHost: evil.invalid:8443\r\n\r\n", "host: evil.invalid:8443"),
                bad("CONNECT: the gateway opens no tunnels -> 501 (RFC 9110 9.1)",
                        "CONNECT evil.invalid:443 HTTP/1.1\r\nHost: evil.invalid:443\r\n\r\n", 501, After.KEPT));
    }

    private static String manyFields(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} -> {2}, {3}")
    @MethodSource("cases")
    void shouldAnswerWithTheExpectedStatusAndKeepServingWhenRequestIsMalformed(String name, String request, int status,
                                                                               After after, String upstreamSaw) throws Exception {
        int logged = gateway.accessLog().size();

        BadInputWire.Exchange exchange = BadInputWire.send(gateway.plainPort(), request);

        assertThat(exchange.hung()).as("the gateway neither answered nor closed: %s", exchange).isFalse();
        BadInputWire.Response first = exchange.first();
        assertThat(first).as("no answer at all").isNotNull();
        assertThat(first.status()).as("%s", exchange).isEqualTo(status);
        if (status >= 400) {
            assertThat(first.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(first.body()).doesNotContain("Exception").doesNotContain("<html");
        } else {
            assertThat(first.header("X-Upstream")).isEqualTo("up-1");
            assertThat(first.body()).contains(upstreamSaw);
        }
        if (after == After.CLOSED) {
            assertThat(exchange.responses()).as("closed after the answer: the canary is never read as a request").hasSize(1);
        } else {
            assertThat(exchange.responses()).as("the canary and nothing else follows").hasSize(2);
            assertThat(exchange.responses().get(1).status()).isEqualTo(200);
            assertThat(exchange.responses().get(1).header("X-Upstream")).isEqualTo("up-1");
        }
        if (status >= 400) {
            List<AccessRecord> since = List.copyOf(gateway.accessLog().subList(logged, gateway.accessLog().size()));
            assertThat(since).as("nothing of a refused request reached the upstream as a success")
                    .noneMatch(r -> r.path() != null && r.path().startsWith("/echo") && r.status() < 400);
        }
        assertThat(RawHttp.status(RawHttp.exchange(gateway.plainPort(), "GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")))
                .as("the node still serves").isEqualTo(200);
    }
}
