package io.sluice.monitor.session;

import io.sluice.client.AdminClient;
import io.sluice.client.EventFilter;
import io.sluice.client.EventStream;
import io.sluice.model.NodeInfo;
import io.sluice.monitor.session.NodeState.Link;

/**
 * One member as the monitor sees it: a virtual thread polls {@code GET /node} each
 * {@link ClusterSession.Timing#poll()} and (re)opens the member's live stream whenever the node
 * answers and the stream is not open, or carries other events than the session now wants. A
 * failed poll marks the link down with the reason; the next answer marks it up again and reopens
 * the stream. No backoff beyond the poll interval: it is one small call a second per member.
 */
final class NodeLink {

    final String nodeId;
    final String adminUrl;
    final AdminClient client;
    private final ClusterSession session;
    private volatile NodeState state;
    private volatile boolean closed;
    private volatile EventStream stream;
    private EventFilter streamFilter;
    private Thread thread;

    NodeLink(ClusterSession session, String nodeId, String adminUrl, AdminClient client) {
        this.session = session;
        this.nodeId = nodeId;
        this.adminUrl = adminUrl;
        this.client = client;
        this.state = new NodeState(nodeId, adminUrl, Link.CONNECTING, null, null, null, true);
    }

    NodeState state() {
        return state;
    }

    void start() {
        thread = Thread.ofVirtual().name("monitor-link " + nodeId).start(this::run);
    }

    void member(boolean member) {
        NodeState s = state;
        if (s.member() != member) {
            update(new NodeState(nodeId, adminUrl, s.link(), s.problem(), s.info(), s.seenAt(), member));
        }
    }

    private void run() {
        while (!closed && !session.closed()) {
            poll();
            ClusterSession.sleep(session.timing().poll());
        }
        closeStream();
    }

    private void poll() {
        NodeInfo info;
        try {
            info = client.node();
            EventFilter wanted = session.eventFilter();
            if (stream != null && !wanted.equals(streamFilter)) {
                closeStream(); // the session wants other events: reopen below
            }
            if (stream == null || !stream.isOpen()) {
                stream = session.open(client, nodeId, wanted);
                streamFilter = wanted;
            }
        } catch (RuntimeException e) {
            closeStream();
            NodeState s = state;
            String why = Calls.describe(e);
            if (s.link() != Link.DOWN || !why.equals(s.problem())) {
                update(new NodeState(nodeId, adminUrl, Link.DOWN, why, s.info(), s.seenAt(), s.member()));
            }
            return;
        }
        NodeState s = state;
        update(new NodeState(nodeId, adminUrl, Link.UP, null, info, session.clock().instant(), s.member()));
    }

    private void update(NodeState next) {
        state = next;
        if (!closed) {
            session.changed();
        }
    }

    private void closeStream() {
        EventStream s = stream;
        stream = null;
        if (s != null) {
            s.close();
        }
    }

    void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        closeStream();
    }
}
