package io.sluice.it;

import io.sluice.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile HTTP/1.1 input, sent byte for byte over a raw socket: each case gets its
 * expected status (never a 2xx relayed upstream) and the node keeps serving afterwards.
 */
class BadInputIT {

    @TempDir
    static Path dir;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayFixture.start(TestPki.create(dir), "", "", """
                limits:
                  maxRequestHeaderBytes: 4096
                  maxRequestBodyBytes: 1000
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    static Stream<Arguments> cases() {
        String big = "a".repeat(6000);
        return Stream.of(
                Arguments.of("garbage request line", "HELLO\r\n\r\n", 400),
                Arguments.of("missing HTTP version", "GET /small\r\nHost: a\r\n\r\n", 505),
                Arguments.of("unknown HTTP version", "GET /small HTTP/7.1\r\nHost: a\r\n\r\n", 505),
                Arguments.of("no Host header on HTTP/1.1", "GET /small HTTP/1.1\r\n\r\n", 400),
                Arguments.of("duplicate Content-Length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
                Arguments.of("Content-Length with Transfer-Encoding (CL.TE)",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("bad chunk size", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("obs-fold header", "GET /small HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", 400),
                Arguments.of("space before colon", "GET /small HTTP/1.1\r\nHost: a\r\nX-A : one\r\n\r\n", 400),
                Arguments.of("header block over limit", "GET /small HTTP/1.1\r\nHost: a\r\nX-Big: " + big + "\r\n\r\n", 431),
                Arguments.of("declared body over limit", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413),
                Arguments.of("path escaping the root", "GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("invalid percent-encoding", "GET /small%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void shouldRejectWithExpectedStatusWhenRequestIsMalformed(String name, String request, int expected) throws Exception {
        String response = RawHttp.exchange(gateway.plainPort(), request);
        assertThat(RawHttp.status(response)).as(name + ":\n" + response).isEqualTo(expected);
        assertThat(response).contains("application/problem+json").doesNotContain("Exception").doesNotContain("<html");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void shouldKeepServingWhenBadInputWasRejected(String name, String request, int expected) throws Exception {
        RawHttp.exchange(gateway.plainPort(), request);
        String ok = RawHttp.exchange(gateway.plainPort(), "GET /small HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(ok)).isEqualTo(200);
    }

    @AfterEach
    void noRequestWithBadInputReachedTheUpstreamAsSuccess() {
        assertThat(gateway.accessLog()).noneMatch(r -> r.path() != null && r.path().contains("passwd") && r.status() == 200);
    }
}
