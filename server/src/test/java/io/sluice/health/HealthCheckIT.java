package io.sluice.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.EndpointConfig;
import io.sluice.config.HealthCheckConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.demo.DemoUpstream;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.testing.TestPki;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.Upstream;
import io.sluice.upstream.UpstreamClients;
import io.sluice.upstream.UpstreamTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Active checks against real demo upstreams over each upstream protocol: a stopped server or a 500
 * on the health path takes an endpoint out, a restarted one comes back, and a health path slower
 * than the timeout fails the check at the timeout.
 */
@Timeout(20)
class HealthCheckIT {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    @TempDir
    static Path certs;

    private final List<Server> servers = new ArrayList<>();
    private final List<Upstream> upstreams = new ArrayList<>();
    private QueuedThreadPool clientThreads;
    private TestPki pki;

    @BeforeEach
    void start() throws Exception {
        clientThreads = new QueuedThreadPool(16, 2);
        clientThreads.start();
        pki = TestPki.create(certs);
    }

    @AfterEach
    void stop() throws Exception {
        for (Upstream u : upstreams) {
            u.close();
        }
        for (Server s : servers) {
            s.stop();
        }
        clientThreads.stop();
    }

    private String serve(String protocol, String name) throws Exception {
        if ("h2".equals(protocol)) {
            Server s = DemoUpstream.startTls(name, pki.nodeKeyStore().toString(), pki.password());
            servers.add(s);
            return "https://localhost:" + DemoUpstream.port(s);
        }
        Server s = DemoUpstream.start(name, "127.0.0.1", 0);
        servers.add(s);
        return "http://127.0.0.1:" + DemoUpstream.port(s);
    }

    private Upstream upstream(String protocol, HealthCheckConfig checks, String... urls) throws Exception {
        UpstreamConfig config = new UpstreamConfig("demo", protocol, null,
                List.of(urls).stream().map(u -> new EndpointConfig(u, null)).toList(), null, null, null,
                "h2".equals(protocol) ? pki.trustStore().toString() : null, pki.password(), null, checks, null);
        Upstream upstream = new Upstream(config, UpstreamTransport.create(config, new UpstreamClients(clientThreads)),
                InstantSource.system());
        upstreams.add(upstream);
        return upstream;
    }

    private static HealthCheckConfig checks(String path, Duration timeout) {
        return new HealthCheckConfig(path, INTERVAL.compareTo(timeout) < 0 ? timeout : INTERVAL, timeout, 2, 2);
    }

    /** A first TLS handshake in a fresh JVM takes a few hundred ms: more than a plain check needs. */
    private static Duration answerTimeout(String protocol) {
        return "h2".equals(protocol) ? Duration.ofSeconds(1) : Duration.ofMillis(100);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean checked(Endpoint e) {
        return e.health().lastCheck() != null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldTakeEndpointOutWhenItsServerStopsAndBackWhenItIsRestarted(String protocol) throws Exception {
        String first = serve(protocol, "first");
        Upstream upstream = upstream(protocol, checks("/small", Duration.ofMillis(100)), first, serve(protocol, "second"));
        Endpoint a = upstream.endpoints().get(0);
        Endpoint b = upstream.endpoints().get(1);
        await("both endpoints passed a check", () -> checked(a) && a.health().lastCheck().passed()
                && checked(b) && b.health().lastCheck().passed());

        servers.getFirst().stop();
        await("the stopped endpoint is unhealthy", () -> !a.available());

        assertThat(b.available()).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(upstream.balancer().pick(null)).isSameAs(b);
        }
        servers.set(0, DemoUpstream.start("first-again", "127.0.0.1", a.port()));
        await("the restarted endpoint is healthy", a::available);
        assertThat(upstream.health().recentChanges()).extracting(e -> e.endpoint() + " " + e.from() + ">" + e.to())
                .containsExactly(first + " HEALTHY>UNHEALTHY", first + " UNHEALTHY>HEALTHY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c", "h2"})
    void shouldTakeEndpointOutAndAnswerNoHealthyEndpointWhenHealthPathAnswers500(String protocol) throws Exception {
        Upstream upstream = upstream(protocol, checks("/status?code=500", answerTimeout(protocol)), serve(protocol, "only"));
        Endpoint only = upstream.endpoints().getFirst();

        await("the endpoint is unhealthy", () -> !only.available());

        assertThat(only.health().lastCheck().status()).isEqualTo(500);
        assertThatThrownBy(() -> upstream.balancer().pick(null)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.NO_HEALTHY_ENDPOINT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c", "h2"})
    void shouldPassCheckWhenHealthPathAnswers2xx(String protocol) throws Exception {
        Upstream upstream = upstream(protocol, checks("/small", answerTimeout(protocol)), serve(protocol, "only"));
        Endpoint only = upstream.endpoints().getFirst();

        await("a check ran", () -> checked(only));
        Instant first = only.health().lastCheck().at();
        await("another check ran", () -> only.health().lastCheck().at().isAfter(first));

        assertThat(only.health().lastCheck().passed()).isTrue();
        assertThat(only.health().lastCheck().status()).isEqualTo(200);
        assertThat(only.available()).isTrue();
        assertThat(upstream.health().recentChanges()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c", "h2"})
    void shouldFailCheckAtTheTimeoutWhenHealthPathIsSlower(String protocol) throws Exception {
        Upstream upstream = upstream(protocol, checks("/delay?ms=3000", Duration.ofMillis(80)), serve(protocol, "slow"));
        Endpoint slow = upstream.endpoints().getFirst();

        await("the slow endpoint is unhealthy", () -> !slow.available());

        CheckResult last = slow.health().lastCheck();
        assertThat(last.passed()).isFalse();
        assertThat(last.took()).isLessThan(Duration.ofMillis(300));
        assertThat(last.detail()).satisfiesAnyOf(
                d -> assertThat(d).isEqualTo("no answer within 80 ms"),
                d -> assertThat(d).startsWith("UPSTREAM_TIMEOUT"));
    }
}
