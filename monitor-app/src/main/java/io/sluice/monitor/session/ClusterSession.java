package io.sluice.monitor.session;

import io.sluice.client.AdminClient;
import io.sluice.client.AdminEvent;
import io.sluice.client.EventFilter;
import io.sluice.client.EventStream;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's live connection to a cluster: it learns the members from any node's
 * {@code GET /nodes}, keeps one link per member (a {@code GET /node} poll plus the member's live
 * event stream) and reconnects a member that went away when it answers again.
 *
 * <p>Everything here runs on virtual threads of its own; {@link Listener}s are called on those
 * threads and must hand what they keep to the UI thread themselves. One client (one TLS context,
 * one connection pool) serves all members through {@link AdminClient#forNode}.
 */
public final class ClusterSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterSession.class.getName());

    /** How often each member is polled and the member list is refreshed. */
    public record Timing(Duration poll, Duration discovery) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** Told about member changes and about every event of every member's live stream. */
    public interface Listener {
        /** The members, sorted by node id, after any of them changed. */
        default void nodes(List<NodeState> nodes) {
        }

        /** One event of {@code nodeId}'s live stream (traces, metrics, breaker, config, health, dropped). */
        default void event(String nodeId, AdminEvent event) {
        }
    }

    private final AdminClient seed;
    private final Identity identity;
    private final Timing timing;
    private final InstantSource clock;
    /** Without traces: what the session streams while no view wants them. */
    static final EventFilter WITHOUT_TRACES = EventFilter.types("breaker", "config", "health", "metrics", "dropped");

    private volatile EventFilter events = WITHOUT_TRACES;
    private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Thread discovery;

    /**
     * @param seed     a client for the node the operator named; the session closes it
     * @param identity who the client certificate says the operator is
     */
    public ClusterSession(AdminClient seed, Identity identity, Timing timing, InstantSource clock) {
        this.seed = Objects.requireNonNull(seed, "seed");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Identity identity() {
        return identity;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Asks the seed node for its identity and the member list, then starts watching. Throws what
     * the seed call threw (unreachable, TLS refused, 403), so a connect dialog can say why.
     */
    public synchronized void start() {
        if (discovery != null) {
            throw new IllegalStateException("already started");
        }
        NodeInfo first = seed.node();
        List<NodeStatus> members = seed.nodes();
        link(first.nodeId(), seed.baseUrl().toString());
        members.forEach(this::learn);
        discovery = Thread.ofVirtual().name("monitor-discovery").start(this::discover);
    }

    /** The members the session knows, sorted by node id. */
    public List<NodeState> nodes() {
        List<NodeState> all = new ArrayList<>();
        links.values().forEach(l -> all.add(l.state()));
        all.sort(Comparator.comparing(NodeState::nodeId));
        return all;
    }

    /** The client for one member; null if the session does not know it. */
    public AdminClient client(String nodeId) {
        NodeLink link = links.get(nodeId);
        return link == null ? null : link.client;
    }

    /**
     * A client for a member that answered last (the seed if none did): for cluster-wide calls such
     * as breaker overrides and config, which any member serves.
     */
    public AdminClient any() {
        for (NodeState n : nodes()) {
            if (n.up()) {
                return links.get(n.nodeId()).client;
            }
        }
        return seed;
    }

    private void discover() {
        while (!closed) {
            sleep(timing.discovery());
            if (closed) {
                return;
            }
            try {
                List<NodeStatus> members = any().nodes();
                members.forEach(this::learn);
                for (NodeLink l : links.values()) {
                    l.member(members.stream().anyMatch(m -> m.nodeId().equals(l.nodeId)));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "member list not refreshed: {0}", Calls.describe(e));
            }
        }
    }

    private void learn(NodeStatus member) {
        if (member.adminUrl() != null && !member.adminUrl().isBlank()) {
            link(member.nodeId(), member.adminUrl());
        }
    }

    /** Starts a link for a member, or a new one when its admin address changed (it restarted elsewhere). */
    private synchronized void link(String nodeId, String adminUrl) {
        String url = AdminClientUrls.normalize(adminUrl);
        NodeLink existing = links.get(nodeId);
        if (closed || existing != null && existing.adminUrl.equals(url)) {
            return;
        }
        NodeLink fresh = new NodeLink(this, nodeId, url, seed.forNode(adminUrl));
        links.put(nodeId, fresh);
        if (existing != null) {
            existing.close();
        }
        fresh.start();
        changed();
    }

    void changed() {
        List<NodeState> now = nodes();
        for (Listener l : listeners) {
            try {
                l.nodes(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a node listener failed", e);
            }
        }
    }

    void event(String nodeId, AdminEvent event) {
        for (Listener l : listeners) {
            try {
                l.event(nodeId, event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an event listener failed on a " + event.type() + " event", e);
            }
        }
    }

    Timing timing() {
        return timing;
    }

    InstantSource clock() {
        return clock;
    }

    EventFilter eventFilter() {
        return events;
    }

    /**
     * Whether the members' streams carry every request's trace. A node builds a trace for every
     * request while some subscriber wants traces, so the monitor asks for them only while a view
     * shows them (the traces tab); each link reopens its member's stream at its next poll.
     */
    public void wantTraces(boolean traces) {
        EventFilter next = traces ? EventFilter.all() : WITHOUT_TRACES;
        if (!next.equals(events)) {
            events = next;
        }
    }

    public boolean tracesWanted() {
        return events.types().isEmpty();
    }

    boolean closed() {
        return closed;
    }

    static void sleep(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread d;
        synchronized (this) {
            d = discovery;
        }
        if (d != null) {
            d.interrupt();
        }
        links.values().forEach(NodeLink::close);
        seed.close();
    }

    /** Opens an event stream for a link (a seam for the link, which owns reconnecting). */
    EventStream open(AdminClient client, String nodeId, EventFilter filter) {
        return client.events(filter, e -> event(nodeId, e));
    }
}
