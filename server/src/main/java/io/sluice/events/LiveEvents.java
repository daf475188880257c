package io.sluice.events;

import io.sluice.breaker.BreakerTransition;
import io.sluice.cluster.ConfigSync;
import io.sluice.health.HealthEvent;
import io.sluice.model.ConfigVersion;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.StreamEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream's sources on one node, in one place for the composition root: it turns breaker
 * transitions, health changes and config outcomes into {@link StreamEvent} records (only while
 * someone wants them), meters finished requests, and once a second publishes a
 * {@link MetricsSnapshot} from a single {@code sluice-events} thread.
 */
public final class LiveEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

    private final String nodeId;
    private final InstantSource clock;
    private final EventHub hub;
    private final TrafficMeter traffic;
    private final LongSupplier inFlight;
    private final IntSupplier clusterMembers;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ScheduledExecutorService ticker;

    /**
     * @param traffic        the meter the node feeds with finished requests
     * @param inFlight       requests in flight on the node now
     * @param clusterMembers members this node sees (1 on a standalone node)
     */
    public LiveEvents(String nodeId, InstantSource clock, TrafficMeter traffic, LongSupplier inFlight,
                      IntSupplier clusterMembers) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.hub = new EventHub(clock);
        this.traffic = traffic;
        this.inFlight = inFlight;
        this.clusterMembers = clusterMembers;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("sluice-events-" + nodeId).factory());
    }

    /** Where subscribers subscribe, and the tracer's live sink. */
    public EventHub hub() {
        return hub;
    }

    /** Starts the metrics snapshot, once a second. */
    public void start() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void tick() {
        try {
            TrafficMeter.Window w = traffic.sample(clock.millis());
            if (hub.wants(EventType.METRICS)) {
                hub.publish(EventType.METRICS, new MetricsSnapshot(nodeId, clock.instant().toString(),
                        w.requestsPerSecond(), w.errorsPerSecond(), w.p50Millis(), w.p99Millis(),
                        inFlight.getAsLong(), memory.getHeapMemoryUsage().getUsed(), clusterMembers.getAsInt()));
            }
        } catch (RuntimeException e) {
            LOG.warn("node {}: metrics snapshot failed", nodeId, e); // the next tick tries again
        }
    }

    /** For {@code Breakers.onTransition}. */
    public void breaker(BreakerTransition t) {
        if (hub.wants(EventType.BREAKER)) {
            hub.publish(EventType.BREAKER, new StreamEvent.Breaker(nodeId, t.breaker(), t.from().name(), t.to().name(),
                    t.at().toString()));
        }
    }

    /** A {@code HealthListener} for every upstream the node builds (given to it before its checks start). */
    public void health(HealthEvent e) {
        if (hub.wants(EventType.HEALTH)) {
            hub.publish(EventType.HEALTH, new StreamEvent.Health(nodeId, e.upstream(), e.endpoint(), e.from().name(),
                    e.to().name(), e.why(), e.at().toString()));
        }
    }

    /** For {@code ConfigSync.onApplied}: this node runs {@code v} now. */
    public void configApplied(ConfigVersion v) {
        config(v, null);
    }

    /** Wraps the node's config applier so that a version this node cannot run is published with why. */
    public ConfigSync.Applier reportingFailures(ConfigSync.Applier applier) {
        return v -> {
            try {
                applier.apply(v);
            } catch (Exception e) {
                config(v, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                throw e;
            }
        };
    }

    private void config(ConfigVersion v, String error) {
        if (hub.wants(EventType.CONFIG)) {
            hub.publish(EventType.CONFIG, new StreamEvent.Config(nodeId, v.version(), v.author(), v.comment(),
                    clock.instant().toString(), error));
        }
    }

    /** Stops the snapshots and ends every stream (the node stops). */
    @Override
    public void close() {
        ticker.shutdownNow();
        hub.close();
    }
}
