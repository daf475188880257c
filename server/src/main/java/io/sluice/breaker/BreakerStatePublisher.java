package io.sluice.breaker;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.cluster.integrity.SignedMap;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's breakers readable from every node, so the monitor can show each breaker per
 * node through whichever node it is connected to. Each node owns one entry of the IMap
 * {@value #MAP}, keyed by its node id, holding {@link NodeBreakerStates} as JSON: only that node
 * writes it, so there is nothing to merge. It is rewritten right after a transition, when the
 * numbers changed (checked every {@code interval}), and every {@value #REFRESH_EVERY} intervals
 * regardless. A node removes its entry when it closes; a node that dies is removed by the others
 * when Hazelcast drops it from the cluster (by the {@code sluice.node} member attribute).
 *
 * <p>Each document is signed by the node that publishes it, and read only if it verifies and names
 * the node of its key ({@link ClusterIntegrity}): the states are informational, but the monitor
 * shows them to operators deciding whether to trip a breaker. A replayed older document of a node
 * still verifies until that node publishes again (at most {@value #REFRESH_EVERY} intervals).
 *
 * <p>A standalone node (null instance) publishes nothing; its admin API reads {@link Breakers}.
 */
public final class BreakerStatePublisher implements AutoCloseable {

    public static final String MAP = "sluice.breaker.states";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final int REFRESH_EVERY = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BreakerStatePublisher.class);

    private final Breakers breakers;
    private final InstantSource clock;
    private final Duration interval;
    private final IMap<String, String> map;
    private final SignedMap<String, NodeBreakerStates> signed;
    private final Semaphore wake = new Semaphore(0);
    private final AutoCloseable transitions;
    private final Cluster cluster;
    private final UUID membership;
    private final Thread loop;
    private volatile boolean closed;

    public BreakerStatePublisher(HazelcastInstance hzOrNull, Breakers breakers, InstantSource clock, Duration interval) {
        this.breakers = breakers;
        this.clock = clock;
        this.interval = interval;
        if (hzOrNull == null) {
            this.map = null;
            this.signed = null;
            this.transitions = () -> { };
            this.cluster = null;
            this.membership = null;
            this.loop = null;
            return;
        }
        this.map = hzOrNull.getMap(MAP);
        this.signed = signedView(hzOrNull);
        this.transitions = breakers.onTransition(t -> wake.release());
        this.cluster = hzOrNull.getCluster();
        this.membership = cluster.addMembershipListener(new Departures(map, breakers.nodeId()));
        this.loop = Thread.ofVirtual().name("breaker-state-publisher").start(this::run);
    }

    /** Every node's breakers, by node id. */
    public static Map<String, List<BreakerSnapshot>> clusterStates(HazelcastInstance hz) {
        return byNode(hz, NodeBreakerStates::breakers);
    }

    /** Every node's latest transitions (oldest first), by node id. */
    public static Map<String, List<BreakerTransition>> clusterTransitions(HazelcastInstance hz) {
        return byNode(hz, NodeBreakerStates::transitions);
    }

    /** Every node's published document, by node id. */
    public static Map<String, NodeBreakerStates> clusterNodes(HazelcastInstance hz) {
        return byNode(hz, Function.identity());
    }

    /** Only documents that verify count; the others are logged and counted by the member's {@link ClusterIntegrity}. */
    private static <T> Map<String, T> byNode(HazelcastInstance hz, Function<NodeBreakerStates, T> part) {
        Map<String, T> out = new TreeMap<>();
        for (Map.Entry<String, NodeBreakerStates> e : signedView(hz).validEntries().entrySet()) {
            out.put(e.getKey(), part.apply(e.getValue()));
        }
        return out;
    }

    private static SignedMap<String, NodeBreakerStates> signedView(HazelcastInstance hz) {
        return SignedMap.signed(hz.<String, String>getMap(MAP), NodeBreakerStates.class, ClusterIntegrity.of(hz),
                (node, doc) -> node.equals(doc.node()) ? null : "the states of " + node + " are those of " + doc.node());
    }

    private void run() {
        List<BreakerSnapshot> lastStates = null;
        List<BreakerTransition> lastTransitions = null;
        int unchanged = 0;
        while (!closed) {
            try {
                List<BreakerSnapshot> states = breakers.snapshot();
                List<BreakerTransition> recent = breakers.recentTransitions();
                if (!states.equals(lastStates) || !recent.equals(lastTransitions) || ++unchanged >= REFRESH_EVERY) {
                    map.set(breakers.nodeId(), signed.seal(breakers.nodeId(),
                            new NodeBreakerStates(breakers.nodeId(), clock.instant(), states, recent)));
                    lastStates = states;
                    lastTransitions = recent;
                    unchanged = 0;
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("cannot publish breaker states of {}: {}", breakers.nodeId(), e.toString());
                }
            }
            try {
                wake.tryAcquire(interval.toNanos(), TimeUnit.NANOSECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (map == null || closed) {
            return;
        }
        closed = true;
        loop.interrupt();
        try {
            loop.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            transitions.close();
        } catch (Exception e) {
            LOG.debug("transition listener not removed", e);
        }
        try {
            cluster.removeMembershipListener(membership);
            map.delete(breakers.nodeId());
        } catch (RuntimeException memberAlreadyDown) {
            LOG.debug("breaker states of {} not removed: {}", breakers.nodeId(), memberAlreadyDown.toString());
        }
    }

    /** Removes the entry of a node that left without closing its publisher (killed, partitioned away). */
    private record Departures(IMap<String, String> map, String self) implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            String node = event.getMember().getAttribute("sluice.node");
            if (node != null && !node.equals(self)) {
                // not on Hazelcast's event thread: delete is a remote call
                Thread.ofVirtual().start(() -> {
                    try {
                        map.delete(node);
                    } catch (RuntimeException e) {
                        LOG.debug("breaker states of departed {} not removed: {}", node, e.toString());
                    }
                });
            }
        }
    }
}
