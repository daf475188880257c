package io.sluice.it;

import io.sluice.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Graceful drain: a stop lets in-flight requests (HTTP/1.1 and HTTP/2) finish, refuses new
 * connections at once, and returns within the drain timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrainIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldFinishInFlightRequestsAndRefuseNewConnectionsWhenStopping(Protocol protocol) throws Exception {
        TestPki pki = TestPki.create(dir);
        GatewayFixture gateway = GatewayFixture.start(pki, "", "", "");
        HttpClient client = protocol.newClient(pki);
        try {
            String base = protocol.baseUri(gateway);
            client.newRequest(base + "/small").timeout(10, TimeUnit.SECONDS).send(); // connection is open
            // responseHeaders is 1s in the fixture, so 800 ms is the slowest request that still succeeds
            CompletableFuture<ContentResponse> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.newRequest(base + "/delay?ms=800").timeout(10, TimeUnit.SECONDS).send();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            int port = protocol == Protocol.H2 ? gateway.tlsPort() : gateway.plainPort();
            long stopStart = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    gateway.node().stop();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(150);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                    .as("new connections are refused while draining").isInstanceOf(java.net.ConnectException.class);

            ContentResponse response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContent()).hasSize(100);
            stopped.get(10, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart))
                    .as("stop returns within the 5 s drain timeout").isLessThan(5_000);
        } finally {
            client.stop();
            gateway.close();
        }
    }
}
