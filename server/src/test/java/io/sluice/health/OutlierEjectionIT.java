package io.sluice.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.EndpointConfig;
import io.sluice.config.RetryConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.demo.DemoUpstream;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.Upstream;
import io.sluice.upstream.UpstreamResponse;
import io.sluice.upstream.h1.H1Transport;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The goal, below the proxy: three real endpoints under load from many virtual threads, each
 * request sent the way ProxyHandler sends it (pick, exchange, one retry elsewhere on a connect
 * failure within the retry budget, then {@code onSuccess} / {@code onFailure}). One endpoint is
 * stopped; the requests that still fail must all have ended within 500 ms of that, and the stopped
 * endpoint must be ejected.
 */
@Timeout(30)
class OutlierEjectionIT {

    private static final int CLIENTS = 64;
    private static final Duration GOAL = Duration.ofMillis(500);

    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> failedAt = new ConcurrentLinkedQueue<>();

    /** With one attempt nothing hides the failures until the ejection; with two, retries hide most. */
    @ParameterizedTest(name = "attempts: {0}")
    @ValueSource(ints = {1, 2})
    void shouldStopFailingRequestsWithin500msWhenOneOfThreeEndpointsDies(int attempts) throws Exception {
        List<Server> servers = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            servers.add(DemoUpstream.start(name, "127.0.0.1", 0));
        }
        UpstreamConfig config = new UpstreamConfig("demo", "http/1.1", null, servers.stream()
                .map(s -> new EndpointConfig("http://127.0.0.1:" + DemoUpstream.port(s), null)).toList(),
                null, null, new RetryConfig(attempts, null, null), null, null, null, null, null);
        Upstream upstream = new Upstream(config, new H1Transport(config), InstantSource.system());
        List<HealthEvent> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        upstream.health().addListener(changes::add);
        List<Thread> clients = new ArrayList<>();
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < stopAt.get()) {
                        send(upstream);
                    }
                }));
            }
            Thread.sleep(500); // warm pools and JIT
            long before = requests.get();
            long killed = System.nanoTime();
            java.time.Instant killedAt = java.time.Instant.now();
            servers.getFirst().stop();
            stopAt.set(killed + Duration.ofMillis(1500).toNanos());
            for (Thread t : clients) {
                t.join();
            }

            long late = failedAt.stream().filter(t -> t - killed > GOAL.toNanos()).count();
            long lastFailureMs = failedAt.stream().mapToLong(t -> (t - killed) / 1_000_000).max().orElse(-1);
            HealthEvent ejection = changes.stream().filter(e -> e.to() == HealthStatus.EJECTED).findFirst().orElse(null);
            System.out.printf("attempts %d: %d requests in the 1.5 s after the kill, %d failed, last failure %d ms after the kill, "
                    + "ejected %s ms after the kill: %s%n", attempts, requests.get() - before, failedAt.size(), lastFailureMs,
                    ejection == null ? "never" : Duration.between(killedAt, ejection.at()).toMillis(), ejection);
            assertThat(late).as("requests failing more than 500 ms after the kill").isZero();
            assertThat(ejection).isNotNull();
            assertThat(ejection.endpoint()).isEqualTo(upstream.endpoints().getFirst().origin());
            assertThat(upstream.endpoints().getFirst().available()).isFalse();
        } finally {
            stopAt.set(0);
            upstream.close();
            for (Server s : servers) {
                s.stop();
            }
        }
    }

    /** One client request, as ProxyHandler makes it once the lead's passive hooks are wired. */
    private void send(Upstream upstream) {
        requests.incrementAndGet();
        upstream.retryBudget().onRequest();
        Endpoint avoid = null;
        for (int attempt = 1; ; attempt++) {
            Endpoint endpoint;
            try {
                endpoint = upstream.balancer().pick(avoid);
            } catch (GatewayException e) {
                failedAt.add(System.nanoTime());
                return;
            }
            try (var inFlight = endpoint.track()) {
                UpstreamResponse response;
                try {
                    response = upstream.transport().exchange(endpoint, "GET", "/small",
                            HttpFields.build().put("Host", endpoint.authority()), null, 0, true);
                } catch (GatewayException e) {
                    endpoint.onFailure();
                    if (e.failure() == Failure.UPSTREAM_UNREACHABLE && attempt < upstream.config().retries().attempts()
                            && upstream.retryBudget().tryRetry()) {
                        avoid = endpoint;
                        continue;
                    }
                    failedAt.add(System.nanoTime());
                    return;
                }
                try {
                    while (response.read() != null && !response.finished()) {
                        // drain
                    }
                    response.close();
                    if (response.status() >= 500) {
                        endpoint.onFailure();
                        failedAt.add(System.nanoTime());
                    } else {
                        endpoint.onSuccess();
                    }
                } catch (IOException e) {
                    response.discard(e);
                    endpoint.onFailure();
                    failedAt.add(System.nanoTime());
                }
                return;
            }
        }
    }
}
