package io.sluice.it;

import io.sluice.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Expect: 100-continue}: the gateway checks route and declared size first, answers 100 only
 * when it is ready to read the body, and refuses an oversized upload with 413 before it is sent.
 */
class ExpectContinueIT {

    @TempDir
    static Path dir;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayFixture.start(TestPki.create(dir), "", "", """
                limits:
                  maxRequestBodyBytes: 1000
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void shouldSend100ThenRelayWhenBodyIsWithinLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.plainPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String interim = readUntilBlankLine(in);
            assertThat(interim).startsWith("HTTP/1.1 100 Continue");
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).startsWith("HTTP/1.1 200").contains("body-bytes: 5\n").doesNotContain("expect: 100-continue");
        }
    }

    @Test
    void shouldAnswer413WithoutAsking100WhenDeclaredBodyIsOverLimit() throws Exception {
        String response = RawHttp.exchange(gateway.plainPort(),
                "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
    }

    private static String readUntilBlankLine(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
