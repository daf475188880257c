package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.demo.DemoUpstream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream through the gateway and are never held whole: a gateway process with a 256 MB heap
 * carries a 200 MB upload and a 200 MB download. The gateway runs as its own JVM (the real
 * {@code Main}, started like production) so that its heap limit is the one that counts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamingIT {

    static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    static Path dir;
    static Server upstream;
    static Process gateway;
    static int port;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = DemoUpstream.start("stream", "127.0.0.1", 0);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("sluice.yaml");
        Files.writeString(config, """
                node: {id: stream-node, accessLog: false}
                listeners:
                  - {name: plain, host: 127.0.0.1, port: %d}
                limits: {maxRequestBodyBytes: 1000000000}
                upstreams:
                  - id: demo
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                routes:
                  - {id: all, match: {pathPrefix: /}, upstream: demo}
                """.formatted(port, DemoUpstream.port(upstream)));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.sluice.Main", "--config", config.toString()));
        gateway = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
        waitForPort(port);
        client = new HttpClient();
        client.start();
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                assertThat(gateway.isAlive()).as("gateway process died: " + Files.readString(dir.resolve("gateway.log"))).isTrue();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("gateway did not listen on " + port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        if (upstream != null) {
            upstream.stop();
        }
    }

    @Test
    void shouldStreamA200MbUploadWhenGatewayHeapIs256Mb() throws Exception {
        ContentResponse r = client.newRequest("http://127.0.0.1:" + port + "/echo").method(HttpMethod.POST)
                .body(new InputStreamRequestContent("application/octet-stream", new Zeros(SIZE), 64 * 1024))
                .timeout(120, TimeUnit.SECONDS).send();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("body-bytes: " + SIZE + "\n");
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void shouldStreamA200MbDownloadWhenGatewayHeapIs256Mb() throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        client.newRequest("http://127.0.0.1:" + port + "/bytes?n=" + SIZE).timeout(120, TimeUnit.SECONDS).send(listener);
        assertThat(listener.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        long total = 0;
        try (InputStream in = listener.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
        }
        assertThat(total).isEqualTo(SIZE);
        assertThat(gateway.isAlive()).isTrue();
    }

    /** An endless-looking stream of zeros of a fixed length, so the test holds no 200 MB array either. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
