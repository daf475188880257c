package io.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.cluster.integrity.SignedMap;
import io.sluice.model.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster's list of gateway nodes: each node writes its {@link NodeStatus} every
 * {@value #REFRESH_SECONDS} s with a time-to-live of {@value #TTL_SECONDS} s, so a node that was
 * killed drops out of the list by itself, and one that stops cleanly removes its entry. A
 * standalone node keeps the same list with itself only.
 *
 * <p>Entries are signed by the node they describe and listed only if they verify, name the node
 * of their key, and were written within {@link #FRESH} (a replayed old entry of a node that left
 * would otherwise sit in the map without a time-to-live).
 */
public final class NodeRegistry implements AutoCloseable {

    public static final String MAP = "sluice.nodes";
    static final int REFRESH_SECONDS = 2;
    static final int TTL_SECONDS = 10;
    /** How old a status may be and still be listed: the TTL plus room for clocks that disagree. */
    static final Duration FRESH = Duration.ofSeconds(3L * TTL_SECONDS);

    private final IMap<String, String> map;
    private final SignedMap<String, NodeStatus> nodes;
    private final ClusterIntegrity integrity;
    private final String nodeId;
    private final Supplier<NodeStatus> self;
    private final ScheduledExecutorService timer;

    public NodeRegistry(HazelcastInstance hzOrNull, String nodeId, Supplier<NodeStatus> self) {
        this.integrity = hzOrNull == null ? null : ClusterIntegrity.of(hzOrNull);
        this.map = hzOrNull == null ? null : hzOrNull.getMap(MAP);
        this.nodes = map == null ? null : SignedMap.signed(map, NodeStatus.class, integrity,
                (key, status) -> key.equals(status.nodeId()) ? null : "the entry of " + key + " describes node " + status.nodeId());
        this.nodeId = nodeId;
        this.self = self;
        this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sluice-registry-" + nodeId).factory());
        if (nodes != null) {
            timer.scheduleWithFixedDelay(this::publish, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Writes this node's status now (also called after every config change). */
    public void publish() {
        if (nodes == null) {
            return;
        }
        try {
            map.set(nodeId, nodes.seal(nodeId, self.get()), TTL_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(NodeRegistry.class).warn("node {} could not publish its status: {}", nodeId, e.toString());
        }
    }

    /** Every live node whose entry verifies, by id. */
    public List<NodeStatus> all() {
        if (nodes == null) {
            return List.of(self.get());
        }
        Instant oldest = integrity.clock().instant().minus(FRESH);
        List<NodeStatus> out = new ArrayList<>();
        for (Map.Entry<String, NodeStatus> e : nodes.validEntries().entrySet()) {
            Instant seen = seenAt(e.getValue());
            if (seen == null || seen.isBefore(oldest)) {
                integrity.reject(MAP, e.getKey(), "stale status, written at " + e.getValue().seenAt() + " (a replay?)", null);
            } else {
                out.add(e.getValue());
            }
        }
        out.sort(Comparator.comparing(NodeStatus::nodeId));
        return out;
    }

    private static Instant seenAt(NodeStatus s) {
        try {
            return s.seenAt() == null ? null : Instant.parse(s.seenAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (nodes != null) {
            try {
                map.delete(nodeId);
            } catch (RuntimeException e) {
                // the member may already be gone; the entry expires by itself
            }
        }
    }
}
