package io.sluice.observe;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.upstream.ConnectListener;
import io.sluice.upstream.PoolUse;
import io.sluice.upstream.Upstream;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Upstream connection metrics:
 * <ul>
 *   <li>{@code sluice_upstream_connect_seconds{upstream}}: histogram of successful connects to an
 *       upstream's endpoints, explicit buckets ({@link #BUCKETS}). HTTP/1.1 upstreams time name
 *       resolution plus TCP connect; h2c/h2 upstreams (Jetty HttpClient) the TCP connect, without
 *       the TLS handshake. Failed connects show up as {@code UPSTREAM_UNREACHABLE} failures instead;
 *   <li>{@code sluice_upstream_connections{upstream,state}}: connections per upstream now, summed
 *       over its endpoints, {@code state="active"} (carrying an exchange, or being opened for one)
 *       or {@code "idle"} (pooled). Read at scrape time from the running upstreams' pools; the
 *       separate small pools of HTTP/1.1 health checks are not counted.
 * </ul>
 * Labels are upstream ids from the config, never request data.
 */
public final class UpstreamMetrics implements ConnectListener {

    /** Upper bounds in seconds: loopback and LAN connects are tens of microseconds to a few milliseconds. */
    static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Histogram connect;
    /** Data points cached per upstream, so an observation allocates nothing. */
    private final ConcurrentMap<String, DistributionDataPoint> connectByUpstream = new ConcurrentHashMap<>();

    /** @param upstreams the upstreams running now (read at each scrape) */
    public UpstreamMetrics(PrometheusRegistry registry, Supplier<? extends Collection<Upstream>> upstreams) {
        connect = Histogram.builder()
                .name("sluice_upstream_connect_seconds")
                .help("Time to open a connection to an upstream endpoint, by upstream")
                .labelNames("upstream")
                .classicOnly().classicUpperBounds(BUCKETS)
                .register(registry);
        GaugeWithCallback.builder()
                .name("sluice_upstream_connections")
                .help("Connections to an upstream's endpoints now, by state: active (in use) or idle (pooled)")
                .labelNames("upstream", "state")
                .callback(cb -> {
                    for (Upstream u : upstreams.get()) {
                        PoolUse use = u.transport().poolUse();
                        if (use != null) {
                            cb.call(use.active(), u.id(), "active");
                            cb.call(use.idle(), u.id(), "idle");
                        }
                    }
                })
                .register(registry);
    }

    @Override
    public void connected(String upstream, long nanos) {
        connectByUpstream.computeIfAbsent(upstream, connect::labelValues).observe(nanos / 1e9);
    }
}
