package io.sluice.monitor.traces;

import io.sluice.client.AdminEvent;
import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small hand-made traces and a clock the tests move, for the trace view model and view tests. */
final class Traces {

    private static final AtomicInteger IDS = new AtomicInteger();

    private Traces() {
    }

    static TraceRecord trace(String node, String route, int status, long durationMicros) {
        return trace(node, route, status, durationMicros, null);
    }

    static TraceRecord trace(String node, String route, int status, long durationMicros, String failure) {
        int n = IDS.incrementAndGet();
        Map<String, String> request = new LinkedHashMap<>();
        request.put("host", "shop.example.com");
        request.put("x-api-key", "[redacted]");
        Map<String, String> response = new LinkedHashMap<>();
        response.put("content-type", "text/plain");
        long third = durationMicros / 3;
        List<SpanRecord> spans = List.of(
                new SpanRecord("route", 0, 20, null),
                new SpanRecord("upstream-headers", 40, third * 2, "attempt 1 http://127.0.0.1:9 " + status),
                new SpanRecord("body", 40 + third * 2, third - 60, "100 bytes"));
        return new TraceRecord("%032x".formatted(n), "%016x".formatted(n), null, "req-" + n, node,
                1_700_000_000_000_000L + n, durationMicros, "GET", "shop.example.com", "/" + route + "/" + n, "HTTP/1.1",
                route, "demo", "http://127.0.0.1:9", status, failure, 1, status >= 500 ? "error" : "live",
                request, response, spans);
    }

    static AdminEvent event(TraceRecord t) {
        return new AdminEvent("trace", "e" + t.requestId(), t, null);
    }

    /** A clock that stands still until moved. */
    static final class FakeClock implements InstantSource {
        private Instant now = Instant.parse("2026-05-04T10:15:30Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }
}
