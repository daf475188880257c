package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigLoader;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessLog;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstreams that answer with unusual but legal (or sloppy) HTTP/1.1, written byte for byte by a
 * real socket server: the gateway must frame the response the way RFC 9112 says and relay it intact.
 */
class RawUpstreamIT {

    private ServerSocket upstream;
    private Thread acceptor;
    private GatewayNode node;
    private HttpClient client;
    private final AtomicInteger connections = new AtomicInteger();

    /** Answers every request on every connection with {@code response}; closes after it when asked. */
    private void startUpstream(String response, boolean closeAfter) throws Exception {
        upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!upstream.isClosed()) {
                try {
                    Socket s = upstream.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s, response, closeAfter));
                } catch (Exception stop) {
                    return;
                }
            }
        });
        node = new GatewayNode(new ConfigLoader().parse("""
                listeners: [{name: plain, host: 127.0.0.1, port: 0}]
                upstreams:
                  - id: raw
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                    retries: {attempts: 1}
                routes: [{id: all, match: {pathPrefix: /}, upstream: raw}]
                """.formatted(upstream.getLocalPort())), InstantSource.system(), AccessLog.OFF);
        node.start();
        client = new HttpClient();
        client.start();
    }

    private static void serve(Socket s, String response, boolean closeAfter) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                StringBuilder head = new StringBuilder();
                int b;
                while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                    head.append((char) b);
                }
                if (head.isEmpty() || !head.toString().endsWith("\r\n\r\n")) {
                    return;
                }
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (closeAfter) {
                    return;
                }
            }
        } catch (Exception gone) {
            // the gateway closed its side
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        if (node != null) {
            node.stop();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private ContentResponse get() throws Exception {
        return client.newRequest("http://127.0.0.1:" + node.port("plain") + "/x").timeout(5, TimeUnit.SECONDS).send();
    }

    @Test
    void shouldFrameByChunksAndDropContentLengthWhenUpstreamSendsBoth() throws Exception {
        startUpstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", false);
        ContentResponse r = get();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).isEqualTo("hello world");
        assertThat(r.getHeaders().get("Content-Length")).isNotEqualTo("3");
    }

    @Test
    void shouldReadUntilCloseAndNotReuseWhenUpstreamSendsNeitherLengthNorChunks() throws Exception {
        startUpstream("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true);
        assertThat(get().getContentAsString()).isEqualTo("until the end");
        assertThat(get().getContentAsString()).isEqualTo("until the end");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void shouldNotReuseConnectionWhenAnyConnectionHeaderSaysClose() throws Exception {
        startUpstream("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false);
        assertThat(get().getContentAsString()).isEqualTo("ok");
        assertThat(get().getContentAsString()).isEqualTo("ok");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void shouldReuseKeepAliveConnectionWhenUpstreamAllowsIt() throws Exception {
        startUpstream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        for (int i = 0; i < 5; i++) {
            assertThat(get().getContentAsString()).isEqualTo("ok");
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void shouldAnswer502WhenUpstreamSendsGarbageInsteadOfAStatusLine() throws Exception {
        startUpstream("SMTP ready\r\n\r\n", true);
        ContentResponse r = get();
        assertThat(r.getStatus()).isEqualTo(502);
        assertThat(r.getContentAsString()).contains("upstream-failed");
    }
}
