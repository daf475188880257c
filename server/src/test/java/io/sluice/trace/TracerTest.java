package io.sluice.trace;

import static io.sluice.testing.TestTraces.access;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.TracingConfig;
import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import io.sluice.testing.TestTraces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** The tracer without a server: trace context in, keep decision out, with ids and samples scripted. */
class TracerTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final ScriptedRandom random = new ScriptedRandom();
    private final Tracer tracer = new Tracer(TestTraces.config(), () -> random);

    @Test
    void shouldContinueTheCallersTraceWithItsOwnSpanWhenTraceparentIsValid() {
        RequestTrace trace = tracer.start(HttpFields.build().add("traceparent", PARENT).add("tracestate", "congo=t61rcWkgMzE")
                .add("TraceState", "rojo=00f067aa0ba902b7"), 0);

        assertThat(trace.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000001-01");
        assertThat(trace.traceState()).as("several fields are one list").isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(TraceParent.hex(trace.parentSpanId)).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void shouldStartANewTraceAndDropTracestateWhenTraceparentIsInvalid() {
        RequestTrace trace = tracer.start(HttpFields.build().add("traceparent", PARENT.toUpperCase())
                .add("tracestate", "congo=t61rcWkgMzE"), 0);

        // ids come from the scripted random: span 1, trace 2/3; the draw (0.5) is above the 10 % rate
        assertThat(trace.traceparent()).isEqualTo("00-00000000000000020000000000000003-0000000000000001-00");
        assertThat(trace.traceState()).isNull();
        assertThat(trace.parentSpanId).isZero();
    }

    @Test
    void shouldStartANewTraceWhenTraceparentIsSentTwice() {
        RequestTrace trace = tracer.start(HttpFields.build().add("traceparent", PARENT).add("traceparent", PARENT), 0);

        assertThat(trace.traceparent()).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.parentSpanId).isZero();
    }

    @Test
    void shouldMarkANewTraceSampledWhenTheDrawIsBelowTheRate() {
        random.draw = 0.05;

        RequestTrace trace = tracer.start(HttpFields.EMPTY, 0);

        assertThat(trace.traceparent()).endsWith("-01");
        assertThat(trace.sampled).isTrue();
    }

    @Test
    void shouldKeepAsErrorWhenTheUpstreamAnswered5xx() {
        finish("a", 503, null, 1_000);

        assertThat(kept(TraceList.FAILED)).extracting(TraceRecord::requestId, TraceRecord::kept).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "error"));
        assertThat(kept(TraceList.RECENT)).extracting(TraceRecord::requestId).containsExactly("a");
    }

    @Test
    void shouldKeepAsErrorWhenTheGatewayFailedTheRequestBelow500() {
        finish("limited", 429, "RATE_LIMITED", 1_000);

        assertThat(kept(TraceList.FAILED)).extracting(TraceRecord::kept).containsExactly("error");
    }

    @Test
    void shouldKeepAsSlowWhenTheRequestTookTheThreshold() {
        finish("fast", 200, null, 499_999);
        finish("slow", 200, null, 500_000);

        assertThat(kept(TraceList.SLOWEST)).extracting(TraceRecord::requestId, TraceRecord::kept).containsExactly(
                org.assertj.core.groups.Tuple.tuple("slow", "slow"));
        assertThat(kept(TraceList.FAILED)).isEmpty();
    }

    @Test
    void shouldKeepAsSampledWhenTheDrawAtTheStartWasBelowTheRate() {
        random.draw = 0.099;
        finish("lucky", 200, null, 1_000);
        random.draw = 0.1;
        finish("unlucky", 200, null, 1_000);

        assertThat(kept(TraceList.RECENT)).extracting(TraceRecord::requestId, TraceRecord::kept).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lucky", "sampled"));
    }

    @Test
    void shouldOfferEveryTraceAsLiveWhenASinkListensAndKeepOnlyTheKeptOnes() {
        List<TraceRecord> offered = new CopyOnWriteArrayList<>();
        tracer.live(new TraceSink() {
            @Override
            public boolean listening() {
                return true;
            }

            @Override
            public void offer(TraceRecord trace) {
                offered.add(trace);
            }
        });

        finish("ordinary", 200, null, 1_000);
        finish("broken", 502, "UPSTREAM_UNREACHABLE", 1_000);

        assertThat(offered).extracting(TraceRecord::requestId, TraceRecord::kept).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ordinary", "live"), org.assertj.core.groups.Tuple.tuple("broken", "error"));
        assertThat(kept(TraceList.RECENT)).extracting(TraceRecord::requestId).containsExactly("broken");
    }

    @Test
    void shouldRecordNothingAndSendNoHeadersWhenTracingIsOff() {
        Tracer off = new Tracer(new TracingConfig(false, 1.0, Duration.ofMillis(1), 4, 2, 3), () -> random);

        RequestTrace trace = off.start(HttpFields.build().add("traceparent", PARENT), 0);
        off.finish(trace, access("x", "r", 500, "INTERNAL", 1_000_000), "h", HttpFields.EMPTY, HttpFields.EMPTY);

        assertThat(trace).isSameAs(RequestTrace.OFF);
        assertThat(trace.on()).isFalse();
        assertThat(trace.begin(Span.ROUTE)).isEqualTo(-1);
        assertThat(off.traces(TraceList.RECENT, TraceFilter.ANY, 10)).isEmpty();
    }

    @Test
    void shouldBuildSpansInStartOrderWithOffsetsDurationsAndDetails() {
        long started = System.nanoTime() - 10_000_000; // the request began 10 ms ago
        RequestTrace trace = tracer.start(HttpFields.EMPTY, started);
        int route = trace.begin(Span.ROUTE, "items");
        trace.end(route);
        trace.attempt(1, "http://10.0.0.7:8080");
        int headers = trace.begin(Span.UPSTREAM_HEADERS, trace.endpoint());
        long connectStart = System.nanoTime();
        trace.connect(connectStart, connectStart + 1_500_000, true);
        trace.end(headers, 503);
        trace.attempt(2, "http://10.0.0.8:8080");
        int retry = trace.begin(Span.UPSTREAM_HEADERS, trace.endpoint());
        trace.fail(retry, "UPSTREAM_TIMEOUT");
        int open = trace.begin(Span.BODY);
        trace.closeOpen("CLIENT_ABORTED");

        TraceRecord r = TraceRecords.build(trace, access("id", "items", 503, "CLIENT_ABORTED", 10_000), "example.com",
                HttpFields.EMPTY, HttpFields.EMPTY, "error", System.nanoTime());

        assertThat(open).isPositive();
        assertThat(r.spans()).extracting(SpanRecord::name)
                .containsExactly("route", "upstream-headers", "connect", "upstream-headers", "body");
        assertThat(r.spans()).extracting(SpanRecord::detail).containsExactly("items", "attempt 1 http://10.0.0.7:8080 503",
                "attempt 1 http://10.0.0.7:8080", "attempt 2 http://10.0.0.8:8080 UPSTREAM_TIMEOUT", "100 bytes CLIENT_ABORTED");
        assertThat(r.spans().get(0).startMicros()).isGreaterThanOrEqualTo(10_000);
        SpanRecord connect = r.spans().get(2);
        assertThat(connect.startMicros()).isEqualTo((connectStart - started) / 1000);
        assertThat(connect.durationMicros()).isEqualTo(1_500);
        assertThat(r.traceId()).isEqualTo("00000000000000020000000000000003");
        assertThat(r.spanId()).isEqualTo("0000000000000001");
        assertThat(r.parentSpanId()).isNull();
    }

    @Test
    void shouldMarkAFailedConnectWhenTheTransportCouldNotOpenOne() {
        RequestTrace trace = tracer.start(HttpFields.EMPTY, 0);
        trace.attempt(1, "http://10.0.0.7:8080");
        trace.connect(10, 20, false);

        TraceRecord r = TraceRecords.build(trace, access("id", "items", 502, "UPSTREAM_UNREACHABLE", 10), "h",
                HttpFields.EMPTY, HttpFields.EMPTY, "error", 30);

        assertThat(r.spans()).extracting(SpanRecord::detail).containsExactly("attempt 1 http://10.0.0.7:8080 failed");
    }

    @Test
    void shouldGrowAndThenDropSpansWhenARequestHasVeryManySteps() {
        RequestTrace trace = tracer.start(HttpFields.EMPTY, 0);
        for (int i = 0; i < RequestTrace.MAX_SPANS + 5; i++) {
            trace.end(trace.begin(Span.BREAKER));
        }

        assertThat(trace.spanCount()).isEqualTo(RequestTrace.MAX_SPANS);
        assertThat(trace.droppedSpans()).isEqualTo(5);
    }

    @Test
    void shouldRedactCredentialsAndTheRoutesApiKeyHeaderWhenBuildingHeaders() {
        HttpFields in = HttpFields.build()
                .add("Authorization", "Bearer secret-token")
                .add("Proxy-Authorization", "Basic c2VjcmV0")
                .add("Cookie", "session=abc")
                .add("X-Api-Key", "k-1")
                .add("X-Partner-Key", "k-2")
                .add("Accept", "text/plain")
                .add("Accept", "application/json");

        var headers = TraceRecords.headers(in, "x-partner-key");

        assertThat(headers).containsEntry("authorization", "[redacted]").containsEntry("proxy-authorization", "[redacted]")
                .containsEntry("cookie", "[redacted]").containsEntry("x-api-key", "[redacted]")
                .containsEntry("x-partner-key", "[redacted]").containsEntry("accept", "text/plain, application/json");
        assertThat(headers.toString()).doesNotContain("secret", "abc", "k-1", "k-2");
        assertThat(TraceRecords.headers(HttpFields.build().add("Set-Cookie", "a=b"), null)).containsEntry("set-cookie", "[redacted]");
    }

    private void finish(String requestId, int status, String failure, long micros) {
        RequestTrace trace = tracer.start(HttpFields.EMPTY, System.nanoTime());
        tracer.finish(trace, access(requestId, "items", status, failure, micros), "example.com", HttpFields.EMPTY, HttpFields.EMPTY);
    }

    private List<TraceRecord> kept(TraceList list) {
        return tracer.traces(list, TraceFilter.ANY, 100);
    }
}
