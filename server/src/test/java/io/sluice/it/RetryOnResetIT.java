package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.config.ConfigLoader;
import io.sluice.demo.DemoUpstream;
import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessRecord;
import io.sluice.trace.TraceFilter;
import io.sluice.trace.TraceList;
import io.sluice.upstream.FaultySocketUpstream;
import io.sluice.upstream.FaultySocketUpstream.Fault;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An endpoint whose connection breaks after the request was sent and before any byte of the
 * response (an endpoint killed with requests in flight): a replayable idempotent request goes to
 * the other endpoint and the client sees its answer; a request with a body, one whose response had
 * begun, one past a response-headers timeout, or one beyond the attempts limit or the retry budget
 * gets the failure. A real node on port 0, a raw socket endpoint that fails and a demo endpoint
 * that answers; round robin starts with the failing one, so every test's first request meets it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryOnResetIT {

    private FaultySocketUpstream faulty;
    private Server healthy;
    private GatewayNode node;
    private HttpClient client;
    private final List<AccessRecord> log = new CopyOnWriteArrayList<>();

    /** Upstream {@code pair} (protocol as given), {@code once} (attempts 1) and {@code broke} (no retry budget). */
    private void start(Fault fault, String protocol) throws Exception {
        faulty = FaultySocketUpstream.start(fault);
        healthy = DemoUpstream.start("healthy", "127.0.0.1", 0);
        String endpoints = "[{url: \"%s\"}, {url: \"http://127.0.0.1:%d\"}]".formatted(faulty.url(), DemoUpstream.port(healthy));
        node = new GatewayNode(new ConfigLoader().parse("""
                listeners: [{name: plain, host: 127.0.0.1, port: 0}]
                node: {tracing: {sampleRate: 1.0}}   # keep every trace: the retried request's spans are checked
                upstreams:
                  - id: pair
                    protocol: %2$s
                    endpoints: %1$s
                    timeouts: {responseHeaders: 1s}
                    outlierDetection: {enabled: false}   # keep the failing endpoint in rotation: this tests retries
                  - id: once
                    endpoints: %1$s
                    retries: {attempts: 1}
                    outlierDetection: {enabled: false}
                  - id: broke
                    endpoints: %1$s
                    retries: {attempts: 2, budgetPercent: 0, minRetriesPerSecond: 0}
                    outlierDetection: {enabled: false}
                routes:
                  - {id: once, match: {pathPrefix: /once}, upstream: once, rewrite: {stripPrefix: true}}
                  - {id: broke, match: {pathPrefix: /broke}, upstream: broke, rewrite: {stripPrefix: true}}
                  - {id: all, match: {pathPrefix: /}, upstream: pair}
                """.formatted(endpoints, protocol)), InstantSource.system(), log::add);
        node.start();
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        if (node != null) {
            node.stop();
        }
        if (healthy != null) {
            healthy.stop();
        }
        if (faulty != null) {
            faulty.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + node.port("plain") + path;
    }

    private ContentResponse send(String method, String path, String id) throws Exception {
        var request = client.newRequest(url(path)).method(method).headers(h -> h.put("X-Request-Id", id))
                .timeout(10, TimeUnit.SECONDS);
        if (method.equals("POST")) {
            request.body(new StringRequestContent("payload"));
        }
        return request.send();
    }

    private AccessRecord record(String id) throws InterruptedException {
        return GatewayFixture.awaitRecord(log, id);
    }

    /** The kept trace of {@code id}: recorded just after the response, so it may trail the client by a moment. */
    private TraceRecord awaitTrace(String id) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (TraceRecord t : node.tracer().traces(TraceList.RECENT, TraceFilter.ANY, 50)) {
                if (id.equals(t.requestId())) {
                    return t;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no trace for request " + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldAnswerFromOtherEndpointWhenEndpointResetsGetBeforeAnswering(String protocol) throws Exception {
        start(Fault.RESET_BEFORE_ANSWER, protocol);

        ContentResponse r = send("GET", "/small", "get-reset");

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getHeaders().get("X-Upstream")).isEqualTo("healthy");
        assertThat(faulty.requests()).as("the failing endpoint got the request first").isEqualTo(1);
        AccessRecord rec = record("get-reset");
        assertThat(rec.attempts()).isEqualTo(2);
        assertThat(rec.failure()).isNull();
        TraceRecord trace = awaitTrace("get-reset");
        assertThat(trace.spans()).filteredOn(s -> s.name().equals("upstream-headers")).extracting(SpanRecord::detail)
                .containsExactly("attempt 1 " + faulty.url() + " UPSTREAM_PROTOCOL_ERROR",
                        "attempt 2 http://127.0.0.1:" + DemoUpstream.port(healthy) + " 200");
    }

    @Test
    void shouldAnswerFromOtherEndpointWhenEndpointClosesBeforeAnswering() throws Exception {
        start(Fault.CLOSE_BEFORE_ANSWER, "http/1.1");

        ContentResponse r = send("GET", "/small", "get-close");

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(record("get-close").attempts()).isEqualTo(2);
    }

    @Test
    void shouldRetryDeleteWithoutBodyBecauseItIsIdempotent() throws Exception {
        start(Fault.RESET_BEFORE_ANSWER, "http/1.1");

        ContentResponse r = send("DELETE", "/small", "delete-reset");

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(record("delete-reset").attempts()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2c"})
    void shouldAnswer502AndNotRetryWhenPostWithBodyIsReset(String protocol) throws Exception {
        start(Fault.RESET_BEFORE_ANSWER, protocol);

        ContentResponse r = send("POST", "/echo", "post-reset");

        assertThat(r.getStatus()).isEqualTo(502);
        assertThat(r.getContentAsString()).contains("upstream-failed");
        AccessRecord rec = record("post-reset");
        assertThat(rec.attempts()).isEqualTo(1);
        assertThat(rec.endpoint()).isEqualTo(faulty.url());
        assertThat(faulty.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HALF_HEAD_THEN_CLOSE", "HALF_HEAD_THEN_RESET"})
    void shouldAnswer502AndNotRetryWhenPartOfTheResponseHeadArrived(Fault fault) throws Exception {
        start(fault, "http/1.1");

        ContentResponse r = send("GET", "/small", "half-head");

        assertThat(r.getStatus()).isEqualTo(502);
        AccessRecord rec = record("half-head");
        assertThat(rec.attempts()).isEqualTo(1);
        assertThat(rec.failure()).isEqualTo("UPSTREAM_PROTOCOL_ERROR");
    }

    @Test
    void shouldTruncateAndNotRetryWhenTheBodyHadBegun() throws Exception {
        start(Fault.PART_OF_BODY_THEN_CLOSE, "http/1.1");

        Throwable cut = catchThrowable(() -> client.newRequest(url("/small"))
                .headers(h -> h.put("X-Request-Id", "part-body")).timeout(10, TimeUnit.SECONDS).send());
        AccessRecord rec = record("part-body");

        assertThat(cut).as("the client sees a truncated response, not another endpoint's").isNotNull();
        assertThat(rec.status()).isEqualTo(200); // the head was relayed; the client's stream was cut
        assertThat(rec.attempts()).isEqualTo(1);
        assertThat(rec.failure()).isEqualTo("UPSTREAM_PROTOCOL_ERROR");
        assertThat(faulty.requests()).isEqualTo(1);
    }

    @Test
    void shouldAnswer504AndNotRetryWhenResponseHeadersTimeOut() throws Exception {
        start(Fault.NO_ANSWER, "http/1.1");

        ContentResponse r = send("GET", "/small", "hung");

        assertThat(r.getStatus()).isEqualTo(504);
        assertThat(record("hung").attempts()).as("a slow upstream is not hit twice").isEqualTo(1);
    }

    @Test
    void shouldAnswer502WhenAttemptsIsOne() throws Exception {
        start(Fault.RESET_BEFORE_ANSWER, "http/1.1");

        ContentResponse r = send("GET", "/once/small", "once");

        assertThat(r.getStatus()).isEqualTo(502);
        assertThat(record("once").attempts()).isEqualTo(1);
    }

    @Test
    void shouldAnswer502WhenRetryBudgetIsSpent() throws Exception {
        start(Fault.RESET_BEFORE_ANSWER, "http/1.1");

        ContentResponse r = send("GET", "/broke/small", "broke");

        assertThat(r.getStatus()).isEqualTo(502);
        assertThat(record("broke").attempts()).isEqualTo(1);
    }
}
