package io.sluice.observe;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.error.Failure;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Request metrics, fed from the same {@link AccessRecord} as the access log, once per request at its
 * end (so they cost nothing on the way and agree with the log line):
 * <ul>
 *   <li>{@code sluice_request_duration_seconds{route,upstream,status_class}}: histogram of the
 *       whole exchange, explicit buckets ({@link #BUCKETS}); its {@code _count} is the request count;
 *   <li>{@code sluice_upstream_response_headers_seconds{upstream}}: time to the upstream's response
 *       headers, for requests that got them;
 *   <li>{@code sluice_request_failures_total{route,failure}}: requests answered by a failure
 *       (load-shed, rate-limited, circuit-open, upstream errors, ...), by failure name.
 * </ul>
 * Requests that match no route carry {@code route="none"}; requests that reached no upstream
 * {@code upstream="none"}. Labels are bounded by the config (route and upstream ids), never by
 * request data.
 */
public final class RequestMetrics implements AccessLog {

    /** Upper bounds in seconds: sub-millisecond proxying through multi-second upstream calls. */
    public static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final String NONE = "none";
    private static final java.util.Set<String> SHED = java.util.Set.of(Failure.LOAD_SHED.name(), Failure.UPSTREAM_OVERLOADED.name());
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Histogram duration;
    private final Histogram upstreamHeaders;
    private final Counter failures;
    private final Counter shed;
    /**
     * Data points cached per route, upstream and status class, so that the per-request lookup
     * allocates nothing (the library's {@code labelValues} builds a key list per call).
     */
    private final ConcurrentMap<String, ConcurrentMap<String, AtomicReferenceArray<DistributionDataPoint>>> durationByRoute =
            new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DistributionDataPoint> headersByUpstream = new ConcurrentHashMap<>();

    public RequestMetrics(PrometheusRegistry registry) {
        duration = Histogram.builder()
                .name("sluice_request_duration_seconds")
                .help("Requests through the gateway, by route, upstream and status class: whole exchange time")
                .labelNames("route", "upstream", "status_class")
                .classicOnly().classicUpperBounds(BUCKETS)
                .register(registry);
        upstreamHeaders = Histogram.builder()
                .name("sluice_upstream_response_headers_seconds")
                .help("Time from sending to an upstream to its response headers, by upstream")
                .labelNames("upstream")
                .classicOnly().classicUpperBounds(BUCKETS)
                .register(registry);
        failures = Counter.builder()
                .name("sluice_request_failures_total")
                .help("Requests answered with a gateway failure (load-shed, rate-limited, circuit-open, ...), by route")
                .labelNames("route", "failure")
                .register(registry);
        shed = Counter.builder()
                .name("sluice_load_shed_total")
                .help("Requests refused with 503 because an in-flight limit (node, route or upstream) was full, by route")
                .labelNames("route")
                .register(registry);
    }

    @Override
    public void log(AccessRecord r) {
        String route = r.route() == null ? NONE : r.route();
        String upstream = r.upstream() == null ? NONE : r.upstream();
        int statusClass = r.status() >= 100 && r.status() < 600 ? r.status() / 100 - 1 : CLASSES.length;
        AtomicReferenceArray<DistributionDataPoint> points = durationByRoute
                .computeIfAbsent(route, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(upstream, k -> new AtomicReferenceArray<>(CLASSES.length + 1));
        DistributionDataPoint point = points.get(statusClass);
        if (point == null) {
            // a benign race: two threads may both look it up; the library returns the same data point
            point = duration.labelValues(route, upstream, statusClass < CLASSES.length ? CLASSES[statusClass] : "other");
            points.set(statusClass, point);
        }
        point.observe(r.totalMicros() / 1e6);
        if (r.upstreamMicros() >= 0 && r.upstream() != null) {
            headersByUpstream.computeIfAbsent(upstream, upstreamHeaders::labelValues).observe(r.upstreamMicros() / 1e6);
        }
        if (r.failure() != null) {
            failures.labelValues(route, r.failure()).inc();
            if (SHED.contains(r.failure())) {
                shed.labelValues(route).inc();
            }
        }
    }
}
