package io.sluice.monitor.bench;

import io.sluice.model.SpanRecord;
import io.sluice.model.TraceRecord;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Traces that look like a busy cluster's: three nodes, four routes, mostly 200s with some 304s,
 * 404s, 429s and 5xx (a few of them gateway failures), five spans each and about twelve headers,
 * every record and map freshly allocated as the stream's JSON reader would. Not thread-safe: one
 * per generating thread.
 */
public final class SyntheticTraces {

    static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    static final List<String> ROUTES = List.of("api", "checkout", "static", "search");
    private static final String[] PATHS = {"/api/orders/%d", "/checkout/cart/%d", "/static/app-%d.js", "/search?q=item%d"};
    private static final String[] ENDPOINTS = {"http://10.0.0.7:8080", "http://10.0.0.8:8080", "http://10.0.0.9:8080"};
    private static final HexFormat HEX = HexFormat.of();

    private final SplittableRandom random;
    private long sequence;

    public SyntheticTraces(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public TraceRecord next(long startEpochMicros) {
        long n = sequence++;
        int r = random.nextInt(ROUTES.size());
        String route = ROUTES.get(r);
        String node = NODES.get(random.nextInt(NODES.size()));
        int roll = random.nextInt(1000);
        int status;
        String failure = null;
        if (roll < 820) {
            status = 200;
        } else if (roll < 870) {
            status = 304;
        } else if (roll < 930) {
            status = 404;
        } else if (roll < 960) {
            status = 429;
        } else if (roll < 985) {
            status = 503;
        } else {
            status = 502;
            failure = random.nextBoolean() ? "UPSTREAM_TIMEOUT" : "UPSTREAM_RESET";
        }
        // mostly a few ms, with a tail: 0.5 .. ~400 ms
        long upstreamMicros = (long) (500 + Math.pow(random.nextDouble(), 6) * 400_000 + random.nextInt(8_000));
        long route0 = 10 + random.nextInt(40);
        long limiter = 5 + random.nextInt(30);
        long connect = random.nextInt(10) == 0 ? 300 + random.nextInt(2_000) : 0;
        long body = 50 + random.nextInt(3_000);
        long t = 0;
        SpanRecord routeSpan = new SpanRecord("route", t, route0, null);
        t += route0;
        SpanRecord limiterSpan = new SpanRecord("limiter", t, limiter, "per-key");
        t += limiter;
        String endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
        SpanRecord connectSpan = new SpanRecord("connect", t, connect, "attempt 1 " + endpoint);
        t += connect;
        SpanRecord headersSpan = new SpanRecord("upstream-headers", t, upstreamMicros, "attempt 1 " + endpoint + " " + status);
        t += upstreamMicros;
        SpanRecord bodySpan = new SpanRecord("body", t, body, (100 + random.nextInt(20_000)) + " bytes");
        t += body;
        long duration = t + 5 + random.nextInt(20);
        String path = PATHS[r].formatted(random.nextInt(100_000));
        String traceId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
        String spanId = HEX.toHexDigits(random.nextLong());

        Map<String, String> request = new LinkedHashMap<>();
        request.put("host", "shop.example.com");
        request.put("user-agent", "Mozilla/5.0 (X11; Linux x86_64) synthetic/" + (n % 7));
        request.put("accept", "application/json, text/plain, */*");
        request.put("accept-encoding", "gzip, deflate, br");
        request.put("x-api-key", "[redacted]");
        request.put("traceparent", "00-" + traceId + "-" + HEX.toHexDigits(random.nextLong()) + "-01");
        request.put("x-forwarded-for", "203.0.113." + random.nextInt(255));
        Map<String, String> response = new LinkedHashMap<>();
        response.put("content-type", "application/json");
        response.put("content-length", Long.toString(100 + random.nextInt(20_000)));
        response.put("x-upstream", "demo");
        response.put("cache-control", "no-store");
        response.put("x-request-id", "req-" + n);
        return new TraceRecord(traceId, spanId, null, "req-" + n, node, startEpochMicros, duration, "GET",
                "shop.example.com", path, "HTTP/1.1", route, "demo", endpoint, status, failure, 1,
                status >= 500 ? "error" : duration >= 500_000 ? "slow" : "live", request, response,
                List.of(routeSpan, limiterSpan, connectSpan, headersSpan, bodySpan));
    }
}
