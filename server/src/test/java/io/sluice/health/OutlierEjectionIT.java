package io.sluice.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.EndpointConfig;
import io.sluice.config.RetryConfig;
import io.sluice.config.TimeoutConfig;
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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * stopped; no request sent more than 500 ms later may fail, and the stopped endpoint must be
 * ejected. Timeouts are short so that a request stuck on a socket the stopped server left open
 * ends within the test.
 */
@Timeout(30)
class OutlierEjectionIT {

    private static final int CLIENTS = 64;
    private static final Duration GOAL = Duration.ofMillis(500);

    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentLinkedQueue<Failed> failed = new ConcurrentLinkedQueue<>();

    /** A client-visible failure: when its request started, when it failed, why. */
    private record Failed(long started, long at, String why) {
    }

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
                null, new TimeoutConfig(null, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                new RetryConfig(attempts, null, null), null, null, null, null, null);
        Upstream upstream = new Upstream(config, new H1Transport(config), InstantSource.system());
        List<HealthEvent> changes = new CopyOnWriteArrayList<>();
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
            Instant killedAt = Instant.now();
            servers.getFirst().stop();
            stopAt.set(killed + Duration.ofMillis(1500).toNanos());
            for (Thread t : clients) {
                t.join();
            }

            // Requests already in flight when the endpoint died may fail later (a timeout, if the dying
            // server left their socket open); the goal is about requests sent afterwards.
            List<String> late = failed.stream().filter(f -> f.started() - killed > GOAL.toNanos())
                    .map(f -> "sent " + (f.started() - killed) / 1_000_000 + " ms after the kill: " + f.why()).toList();
            long lastFailureMs = failed.stream().mapToLong(f -> (f.at() - killed) / 1_000_000).max().orElse(-1);
            HealthEvent ejection = changes.stream().filter(e -> e.to() == HealthStatus.EJECTED).findFirst().orElse(null);
            System.out.printf("attempts %d: %d requests in the 1.5 s after the kill, %d failed, last failure %d ms after the kill, "
                    + "ejected %s ms after the kill: %s%n", attempts, requests.get() - before, failed.size(), lastFailureMs,
                    ejection == null ? "never" : Duration.between(killedAt, ejection.at()).toMillis(), ejection);
            assertThat(late).as("failed requests sent more than 500 ms after the kill").isEmpty();
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
        long started = System.nanoTime();
        requests.incrementAndGet();
        upstream.retryBudget().onRequest();
        Endpoint avoid = null;
        for (int attempt = 1; ; attempt++) {
            Endpoint endpoint;
            try {
                endpoint = upstream.balancer().pick(avoid);
            } catch (GatewayException e) {
                failed.add(new Failed(started, System.nanoTime(), e.failure().name()));
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
                    failed.add(new Failed(started, System.nanoTime(), e.failure() + " " + e.getMessage()));
                    return;
                }
                try {
                    while (response.read() != null && !response.finished()) {
                        // drain
                    }
                    response.close();
                    if (response.status() >= 500) {
                        endpoint.onFailure();
                        failed.add(new Failed(started, System.nanoTime(), "status " + response.status()));
                    } else {
                        endpoint.onSuccess();
                    }
                } catch (IOException e) {
                    response.discard(e);
                    endpoint.onFailure();
                    failed.add(new Failed(started, System.nanoTime(), "body: " + e));
                }
                return;
            }
        }
    }
}
