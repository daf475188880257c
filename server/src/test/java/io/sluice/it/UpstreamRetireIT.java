package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.EndpointConfig;
import io.sluice.config.GatewayConfig;
import io.sluice.config.TimeoutConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.demo.DemoUpstream;
import io.sluice.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Config changes that each replace the loaded upstream, while traffic flows and a slow request is
 * in flight on it: nothing fails, the slow request completes, and a replaced upstream gives back
 * its connections and threads once its requests are done instead of after its whole-request
 * timeout: the node's read-timeout threads and the upstream's connections do not grow with the
 * number of changes (docs/RELIABILITY.md, note 2). Over HTTP/1.1 and h2c to the upstream.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UpstreamRetireIT {

    private static final int CHANGES = 40;
    private static final int LOAD_THREADS = 4;

    @TempDir
    Path dir;
    private GatewayFixture gateway;
    private Server upstream;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = DemoUpstream.start("retire-it", "127.0.0.1", 0);
        gateway = GatewayFixture.start(TestPki.create(dir));
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (client != null) {
                client.stop();
            }
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            upstream.stop();
        }
    }

    /** The loaded upstream, on our own demo upstream; {@code rev} changes its config so that each change replaces it. */
    private UpstreamConfig demo(String protocol, int rev) {
        return new UpstreamConfig("demo", protocol, null,
                List.of(new EndpointConfig("http://127.0.0.1:" + DemoUpstream.port(upstream), 1)), null,
                new TimeoutConfig(null, Duration.ofMillis(5000 + rev), null, Duration.ofSeconds(60)),
                null, null, null, null, null, null);
    }

    private void apply(GatewayConfig base, UpstreamConfig demo) throws Exception {
        gateway.node().apply(new GatewayConfig(base.node(), base.listeners(), base.limits(), List.of(demo), base.routes()));
    }

    /** Connections open on the upstream now: only the node connects to it. */
    private int upstreamConnections() {
        return ((ServerConnector) upstream.getConnectors()[0]).getConnectedEndPoints().size();
    }

    private static int liveThreads(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .count();
    }

    /** Waits up to 10 s for {@code value} to reach at most {@code bound}; returns the last value seen. */
    private static int awaitAtMost(IntSupplier value, int bound) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int v = value.getAsInt();
        while (v > bound && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = value.getAsInt();
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldNotKeepThreadsOrConnectionsOfReplacedUpstreams(String protocol) throws Exception {
        String base = "http://127.0.0.1:" + gateway.plainPort();
        GatewayConfig original = gateway.node().currentConfig();
        int timeoutThreadsBefore = liveThreads("sluice-timeouts");
        apply(original, demo(protocol, 0));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < LOAD_THREADS; t++) {
            load.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        ContentResponse r = client.newRequest(base + "/small").timeout(10, TimeUnit.SECONDS).send();
                        if (r.getStatus() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + r.getStatus() + ": " + r.getContentAsString());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        // on the upstream the first change made; every change below replaces it while this one waits
        CompletableFuture<ContentResponse> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return client.newRequest(base + "/delay?ms=2000").timeout(30, TimeUnit.SECONDS).send();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        int maxConnections = 0;
        try {
            Thread.sleep(200); // traffic and the slow request reach the first upstream
            for (int n = 1; n <= CHANGES; n++) {
                apply(original, demo(protocol, n));
                Thread.sleep(25);
                maxConnections = Math.max(maxConnections, upstreamConnections());
            }
            ContentResponse slowResponse = slow.get(30, TimeUnit.SECONDS);
            assertThat(slowResponse.getStatus()).as("the slow request on a replaced upstream").isEqualTo(200);
        } finally {
            running.set(false);
            for (Thread t : load) {
                t.join();
            }
        }

        assertThat(failures).as("requests that failed across %d changes", CHANGES).isEmpty();
        assertThat(ok.get()).isGreaterThan(CHANGES);
        assertThat(liveThreads("sluice-timeouts") - timeoutThreadsBefore)
                .as("read-timeout threads added by the node after %d upstream replacements", CHANGES)
                .isLessThanOrEqualTo(1);
        // Without the fix every replaced upstream kept its pooled connections: dozens after 40 changes.
        assertThat(maxConnections).as("most connections the upstream saw at once during the changes")
                .isLessThanOrEqualTo(3 * (LOAD_THREADS + 1));
        assertThat(awaitAtMost(this::upstreamConnections, LOAD_THREADS + 1))
                .as("connections left once the load stopped: only the running upstream's pool")
                .isLessThanOrEqualTo(LOAD_THREADS + 1);
    }
}
