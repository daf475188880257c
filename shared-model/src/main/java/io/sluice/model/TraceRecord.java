package io.sluice.model;

import java.util.List;
import java.util.Map;

/**
 * One request through one node: its W3C trace id and this node's span id (the parent the upstream
 * sees), the caller's parent span if it sent a {@code traceparent}, what was asked and answered,
 * and the spans of each step in order. {@code startEpochMicros} is wall-clock; span offsets and
 * durations are monotonic microseconds from the request's start. Headers are the client's request
 * and the response to it, with credentials redacted. {@code kept} says why the node kept it:
 * {@code sampled}, {@code error} or {@code slow}.
 */
public record TraceRecord(String traceId, String spanId, String parentSpanId, String requestId, String node,
                          long startEpochMicros, long durationMicros, String method, String host, String path,
                          String protocol, String route, String upstream, String endpoint, int status, String failure,
                          int attempts, String kept, Map<String, String> requestHeaders,
                          Map<String, String> responseHeaders, List<SpanRecord> spans) {
}
