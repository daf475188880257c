package io.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sluice.model.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster's list of gateway nodes: each node writes its {@link NodeStatus} every
 * {@value #REFRESH_SECONDS} s with a time-to-live of {@value #TTL_SECONDS} s, so a node that was
 * killed drops out of the list by itself, and one that stops cleanly removes its entry. A
 * standalone node keeps the same list with itself only.
 */
public final class NodeRegistry implements AutoCloseable {

    static final int REFRESH_SECONDS = 2;
    static final int TTL_SECONDS = 10;

    private final IMap<String, String> nodes;
    private final String nodeId;
    private final Supplier<NodeStatus> self;
    private final ScheduledExecutorService timer;

    public NodeRegistry(HazelcastInstance hzOrNull, String nodeId, Supplier<NodeStatus> self) {
        this.nodes = hzOrNull == null ? null : hzOrNull.getMap("sluice.nodes");
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
            nodes.set(nodeId, Json.write(self.get()), TTL_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(NodeRegistry.class).warn("node {} could not publish its status: {}", nodeId, e.toString());
        }
    }

    /** Every live node, by id. */
    public List<NodeStatus> all() {
        if (nodes == null) {
            return List.of(self.get());
        }
        List<NodeStatus> out = new ArrayList<>();
        for (String json : nodes.values()) {
            out.add(Json.read(json, NodeStatus.class));
        }
        out.sort(Comparator.comparing(NodeStatus::nodeId));
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (nodes != null) {
            try {
                nodes.remove(nodeId);
            } catch (RuntimeException e) {
                // the member may already be gone; the entry expires by itself
            }
        }
    }
}
