package io.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.EndpointConfig;
import io.sluice.config.TimeoutConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.upstream.FaultySocketUpstream.Fault;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each transport (own HTTP/1.1, Jetty's h2c) reports when the upstream connection breaks:
 * before any byte of the response it is a protocol error marked as such, which lets the proxy send
 * an idempotent request elsewhere; after a byte arrived, or on a timeout, it is not marked. The
 * HTTP/1.1 transport's re-send of a stale pooled connection is checked alongside: it happens only
 * when nothing of the response had arrived.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResetBeforeResponseIT {

    private QueuedThreadPool clientThreads;
    private UpstreamClients clients;
    private FaultySocketUpstream upstream;
    private Endpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        clientThreads = new QueuedThreadPool(16, 2);
        clientThreads.start();
        clients = new UpstreamClients(clientThreads);
    }

    @AfterEach
    void stop() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        clients.close();
        clientThreads.stop();
    }

    private UpstreamTransport transport(String protocol) throws Exception {
        Duration s2 = Duration.ofSeconds(2);
        UpstreamConfig config = new UpstreamConfig("faulty-" + protocol, protocol, null,
                List.of(new EndpointConfig(upstream.url(), 1)), null,
                new TimeoutConfig(s2, Duration.ofMillis(500), s2, Duration.ofSeconds(10)),
                null, null, null, null, null, null);
        return UpstreamTransport.create(config, clients);
    }

    private UpstreamResponse get(UpstreamTransport transport) {
        if (endpoint == null) {
            endpoint = new Endpoint(URI.create(upstream.url()), 1); // one instance: pools are per endpoint
        }
        HttpFields headers = HttpFields.build().put(HttpHeader.HOST, "127.0.0.1");
        return transport.exchange(endpoint, "GET", "/x", headers, null, 0, true);
    }

    private GatewayException failedGet(String protocol) throws Exception {
        try (UpstreamTransport transport = transport(protocol)) {
            return catchThrowableOfType(GatewayException.class, () -> get(transport));
        }
    }

    private static void drain(UpstreamResponse response) throws Exception {
        while (response.read() != null && !response.finished()) {
            // to the end, so the connection goes back to the pool
        }
        response.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldMarkResetBeforeAnyResponseByteAsNothingReceived(String protocol) throws Exception {
        upstream = FaultySocketUpstream.start(Fault.RESET_BEFORE_ANSWER);

        GatewayException e = failedGet(protocol);

        assertThat(e.failure()).isEqualTo(Failure.UPSTREAM_PROTOCOL_ERROR);
        assertThat(UpstreamFailures.nothingReceived(e)).isTrue();
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldMarkCloseBeforeAnyResponseByteAsNothingReceived(String protocol) throws Exception {
        upstream = FaultySocketUpstream.start(Fault.CLOSE_BEFORE_ANSWER);

        GatewayException e = failedGet(protocol);

        assertThat(e.failure()).isEqualTo(Failure.UPSTREAM_PROTOCOL_ERROR);
        assertThat(UpstreamFailures.nothingReceived(e)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldReportTimeoutUnmarkedWhenUpstreamDoesNotAnswer(String protocol) throws Exception {
        upstream = FaultySocketUpstream.start(Fault.NO_ANSWER);

        GatewayException e = failedGet(protocol);

        assertThat(e.failure()).isEqualTo(Failure.UPSTREAM_TIMEOUT);
        assertThat(UpstreamFailures.nothingReceived(e)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HALF_HEAD_THEN_CLOSE", "HALF_HEAD_THEN_RESET"})
    void shouldNotMarkFailureWhenPartOfTheHeadArrived(Fault fault) throws Exception {
        upstream = FaultySocketUpstream.start(fault);

        GatewayException e = failedGet("http/1.1");

        assertThat(e.failure()).isEqualTo(Failure.UPSTREAM_PROTOCOL_ERROR);
        assertThat(UpstreamFailures.nothingReceived(e)).isFalse();
    }

    @Test
    void shouldResendOnFreshConnectionWhenPooledConnectionIsClosedBeforeAnswering() throws Exception {
        upstream = FaultySocketUpstream.start(Fault.CLOSE_BEFORE_ANSWER, 1);
        try (UpstreamTransport transport = transport("http/1.1")) {
            drain(get(transport));

            UpstreamResponse second = get(transport); // the pooled connection fails; a fresh one answers

            assertThat(second.status()).isEqualTo(200);
            drain(second);
            assertThat(upstream.connections()).isEqualTo(2);
            assertThat(upstream.requests()).isEqualTo(3);
        }
    }

    @Test
    void shouldNotResendOnFreshConnectionWhenPooledConnectionSentPartOfTheHead() throws Exception {
        upstream = FaultySocketUpstream.start(Fault.HALF_HEAD_THEN_CLOSE, 1);
        try (UpstreamTransport transport = transport("http/1.1")) {
            drain(get(transport));

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> get(transport));

            assertThat(UpstreamFailures.nothingReceived(e)).isFalse();
            assertThat(upstream.requests()).as("the upstream had begun to answer: not sent again").isEqualTo(2);
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportBodyFailureUnmarkedWhenHeadArrived() throws Exception {
        upstream = FaultySocketUpstream.start(Fault.PART_OF_BODY_THEN_CLOSE);
        try (UpstreamTransport transport = transport("http/1.1")) {
            UpstreamResponse response = get(transport);
            assertThat(response.status()).isEqualTo(200);
            ByteBuffer first = response.read();
            assertThat(first.remaining()).isEqualTo(4);
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(response::read);
            response.discard(e);
            assertThat(e).isNotNull();
            assertThat(e instanceof GatewayException g && UpstreamFailures.nothingReceived(g)).isFalse();
        }
    }
}
