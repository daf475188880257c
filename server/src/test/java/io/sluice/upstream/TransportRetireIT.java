package io.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.EndpointConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.demo.DemoUpstream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * A retired transport (its upstream was replaced) keeps no idle connection, lets the exchange in
 * flight finish, tells when it holds nothing more, and still serves an exchange started late; over
 * HTTP/1.1 (own transport) and h2c (Jetty's client), against a real upstream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransportRetireIT {

    private static final Executor INLINE = Runnable::run;

    private Server upstream;
    private QueuedThreadPool clientThreads;
    private UpstreamClients clients;

    @BeforeEach
    void start() throws Exception {
        upstream = DemoUpstream.start("retire", "127.0.0.1", 0);
        clientThreads = new QueuedThreadPool(16, 2);
        clientThreads.start();
        clients = new UpstreamClients(clientThreads);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        clientThreads.stop();
        upstream.stop();
    }

    private UpstreamTransport transport(String protocol) throws Exception {
        UpstreamConfig config = new UpstreamConfig("retire-" + protocol, protocol, null,
                List.of(new EndpointConfig("http://127.0.0.1:" + DemoUpstream.port(upstream), 1)),
                null, null, null, null, null, null, null, null);
        return UpstreamTransport.create(config, clients);
    }

    private Endpoint endpoint() {
        return new Endpoint(java.net.URI.create("http://127.0.0.1:" + DemoUpstream.port(upstream)), 1);
    }

    private UpstreamResponse get(UpstreamTransport transport, String path) {
        HttpFields headers = HttpFields.build().put(HttpHeader.HOST, "127.0.0.1");
        return transport.exchange(endpoint(), "GET", path, headers, null, 0, true);
    }

    /** Reads the body to the end and closes the response; the bytes read. */
    private static long drain(UpstreamResponse response) throws Exception {
        long n = 0;
        try {
            ByteBuffer b;
            while ((b = response.read()) != null) {
                n += b.remaining();
                if (response.finished()) {
                    break;
                }
            }
        } finally {
            response.close();
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldReleaseAtOnceWhenRetiredWithNothingInFlight(String protocol) throws Exception {
        UpstreamTransport transport = transport(protocol);
        try {
            assertThat(drain(get(transport, "/small"))).isEqualTo(100);
            // Jetty's h2 client hands the connection back to its pool on its own thread, just after
            // the stream ends: wait for it (a clean-clone CI run read it as still active)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (transport.poolUse().idle() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(transport.poolUse().idle()).isEqualTo(1);

            AtomicInteger released = new AtomicInteger();
            transport.retire(INLINE, released::incrementAndGet);

            assertThat(released.get()).isEqualTo(1);
            assertThat(transport.inFlight()).isZero();
            PoolUse use = transport.poolUse();
            assertThat(use.idle() + use.active()).isZero();
        } finally {
            transport.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldFinishTheExchangeInFlightAndReleaseWhenItEnds(String protocol) throws Exception {
        UpstreamTransport transport = transport(protocol);
        try {
            UpstreamResponse slow = get(transport, "/delay?ms=300");
            assertThat(transport.inFlight()).isEqualTo(1);
            AtomicInteger released = new AtomicInteger();
            transport.retire(INLINE, released::incrementAndGet);
            if (protocol.equals("h2c")) {
                assertThat(released.get()).as("the client stays while its exchange runs").isZero();
            }

            assertThat(slow.status()).isEqualTo(200);
            assertThat(drain(slow)).isEqualTo(100);

            assertThat(transport.inFlight()).isZero();
            assertThat(released.get()).isEqualTo(1);
            assertThat(transport.poolUse().idle()).as("the connection in use was closed, not pooled").isZero();
        } finally {
            transport.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldServeAnExchangeStartedAfterRetireAndReleaseAgain(String protocol) throws Exception {
        UpstreamTransport transport = transport(protocol);
        try {
            AtomicInteger released = new AtomicInteger();
            transport.retire(INLINE, released::incrementAndGet);
            assertThat(released.get()).isEqualTo(1);

            UpstreamResponse late = get(transport, "/small");
            assertThat(late.status()).isEqualTo(200);
            assertThat(drain(late)).isEqualTo(100);

            assertThat(transport.inFlight()).isZero();
            PoolUse use = transport.poolUse();
            assertThat(use.idle() + use.active()).isZero();
            if (protocol.equals("h2c")) {
                assertThat(released.get()).as("the late exchange's client is stopped again").isEqualTo(2);
            }
        } finally {
            transport.close();
        }
    }
}
