package io.sluice.testing;

import io.sluice.config.TracingConfig;
import io.sluice.model.TraceRecord;
import io.sluice.observe.AccessRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test data for tracing and the live stream: access records of finished requests, trace records
 * (only what buffers and filters look at varies) and a small tracing config.
 */
public final class TestTraces {

    private TestTraces() {
    }

    /** A trace of route {@code route} answered {@code status} after {@code millis} ms. */
    public static TraceRecord trace(String route, int status, long millis) {
        return record("req-1", route, status, millis * 1000);
    }

    /** Tracing on, 10 % sampled, slow from 500 ms, buffers of 4 recent, 2 slowest, 3 failed. */
    public static TracingConfig config() {
        return new TracingConfig(true, 0.1, Duration.ofMillis(500), 4, 2, 3);
    }

    public static AccessRecord access(String requestId, String route, int status, String failure, long totalMicros) {
        return new AccessRecord(1_700_000_000_000L, "node-1", requestId, "GET", "/items", "HTTP/1.1", "127.0.0.1",
                route, "demo", "http://127.0.0.1:8080", status, 0, 100, totalMicros, 40, 1, failure, null);
    }

    public static TraceRecord record(String requestId, String route, int status, long durationMicros) {
        return new TraceRecord("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, requestId, "node-1",
                1_700_000_000_000_000L, durationMicros, "GET", "example.com", "/items", "HTTP/1.1", route, "demo",
                "http://127.0.0.1:8080", status, null, 1, status >= 500 ? "error" : "sampled", Map.of(), Map.of(), List.of());
    }
}
