package io.sluice.observe;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.breaker.BreakerSnapshot;
import io.sluice.breaker.BreakerState;
import io.sluice.breaker.BreakerTransition;
import io.sluice.model.CertificateInfo;
import io.sluice.ratelimit.LimiterStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The node's Prometheus registry (one per node, not the library's global default, so that several
 * nodes in one test JVM keep their numbers apart) and its text exposition for the admin port's
 * {@code /metrics}. Metrics are registered by the feature that owns the numbers.
 */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public Metrics() {
        JvmMetrics.builder().register(registry); // heap, GC, threads, classes, CPU: jvm_* and process_*
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** {@code sluice_certificate_expiry_seconds{use,kind,subject,serial}}: seconds until each certificate in use expires. */
    public void certificates(Supplier<List<CertificateInfo>> inventory) {
        GaugeWithCallback.builder()
                .name("sluice_certificate_expiry_seconds")
                .help("Seconds until the certificate expires (negative once expired), per use on this node")
                .labelNames("use", "kind", "subject", "serial")
                .callback(cb -> {
                    for (CertificateInfo c : inventory.get()) {
                        cb.call(c.secondsLeft(), c.use(), c.kind(), c.subject(), c.serial());
                    }
                })
                .register(registry);
    }

    /**
     * {@code sluice_cluster_rejected_values_total{map}}: values read from shared cluster state that
     * failed signature verification and were not acted on (a rogue member, or a signer whose CA
     * left the trust bundle).
     */
    public void clusterRejections(Supplier<Map<String, Long>> byMap) {
        CounterWithCallback.builder()
                .name("sluice_cluster_rejected_values_total")
                .help("Shared-state values that failed verification and were ignored, per map")
                .labelNames("map")
                .callback(cb -> byMap.get().forEach((map, n) -> cb.call(n, map)))
                .register(registry);
    }

    /**
     * {@code sluice_breaker_state{breaker,upstream,state}}: 1 for the state each breaker is in, 0
     * for the others (the usual enum encoding, so {@code == 1} selects the current state).
     */
    public void breakers(Supplier<List<BreakerSnapshot>> snapshot) {
        GaugeWithCallback.builder()
                .name("sluice_breaker_state")
                .help("Circuit breaker state on this node: 1 for the current state, 0 otherwise")
                .labelNames("breaker", "upstream", "state")
                .callback(cb -> {
                    for (BreakerSnapshot b : snapshot.get()) {
                        for (BreakerState s : BreakerState.values()) {
                            cb.call(b.state() == s ? 1 : 0, b.name(), String.valueOf(b.upstream()), s.name().toLowerCase(Locale.ROOT));
                        }
                    }
                })
                .register(registry);
    }

    /** {@code sluice_cluster_members}: members this node's Hazelcast member sees, itself included. */
    public void clusterMembers(IntSupplier members) {
        GaugeWithCallback.builder()
                .name("sluice_cluster_members")
                .help("Hazelcast members this node sees, itself included")
                .callback(cb -> cb.call(members.getAsInt()))
                .register(registry);
    }

    /**
     * Rate-limit decisions per policy on this node, since the policy was last configured (a
     * reconfigured policy starts again from 0, which Prometheus reads as a counter reset):
     * {@code sluice_ratelimit_admitted_total}, {@code sluice_ratelimit_limited_total} (answered 429),
     * {@code sluice_ratelimit_shaped_total} and {@code sluice_ratelimit_waited_seconds_total} (admitted
     * after waiting for a token, and the total wait), {@code sluice_ratelimit_fallbacks_total}
     * (decided on this node's share because the cluster did not answer).
     */
    public void limiters(Supplier<List<LimiterStats>> stats) {
        counter("sluice_ratelimit_admitted_total", "Requests a rate-limit policy admitted", stats, LimiterStats::admitted);
        counter("sluice_ratelimit_limited_total", "Requests a rate-limit policy refused with 429", stats, LimiterStats::rejected);
        counter("sluice_ratelimit_shaped_total", "Requests admitted after waiting for a token (shape mode)", stats, LimiterStats::shaped);
        counter("sluice_ratelimit_fallbacks_total", "Decisions taken on this node's share because the cluster did not answer",
                stats, LimiterStats::fallbacks);
        CounterWithCallback.builder()
                .name("sluice_ratelimit_waited_seconds_total")
                .help("Total time shaped requests waited for their token")
                .labelNames("policy")
                .callback(cb -> stats.get().forEach(s -> cb.call(s.waitedNanos() / 1e9, s.policyId())))
                .register(registry);
    }

    private void counter(String name, String help, Supplier<List<LimiterStats>> stats, ToLongFunction<LimiterStats> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("policy")
                .callback(cb -> stats.get().forEach(s -> cb.call(value.applyAsLong(s), s.policyId())))
                .register(registry);
    }

    /**
     * {@code sluice_breaker_transitions_total{breaker,from,to}}: state changes of each breaker on
     * this node. Returns the listener to hand to {@code Breakers.onTransition}.
     */
    public Consumer<BreakerTransition> breakerTransitions() {
        Counter transitions = Counter.builder()
                .name("sluice_breaker_transitions_total")
                .help("Circuit breaker state changes on this node")
                .labelNames("breaker", "from", "to")
                .register(registry);
        return t -> transitions.labelValues(t.breaker(), t.from().name().toLowerCase(Locale.ROOT),
                t.to().name().toLowerCase(Locale.ROOT)).inc();
    }

    /** {@code sluice_requests_in_flight}: client requests this node is handling now (admin calls excluded). */
    public void inFlight(LongSupplier requests) {
        GaugeWithCallback.builder()
                .name("sluice_requests_in_flight")
                .help("Client requests this node is handling now")
                .callback(cb -> cb.call(requests.getAsLong()))
                .register(registry);
    }

    /** The Prometheus text format (version 0.0.4) of everything registered. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return writer.getContentType();
    }
}
