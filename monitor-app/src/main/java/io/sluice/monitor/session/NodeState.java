package io.sluice.monitor.session;

import io.sluice.model.NodeInfo;
import java.time.Instant;

/**
 * What the monitor knows about one member at a moment: whether its admin API answers
 * ({@link Link}), why not when it does not, and its last {@link NodeInfo}. Immutable: the
 * session replaces a node's state whenever anything in it changes.
 *
 * @param problem why the link is down (the connection error or the node's answer); null when up
 * @param info    the node's last answer to {@code GET /node}; kept while it is down, null before the first
 * @param seenAt  when the node last answered; null if never
 * @param member  false once the cluster's member list no longer names it (it left or was removed)
 */
public record NodeState(String nodeId, String adminUrl, Link link, String problem, NodeInfo info, Instant seenAt,
                        boolean member) {

    /** The monitor's connection to a node's admin API. */
    public enum Link {
        /** Not yet answered since the monitor learned of it. */
        CONNECTING,
        /** Answers, and its live stream is open. */
        UP,
        /** Does not answer; the monitor keeps trying. */
        DOWN
    }

    public boolean up() {
        return link == Link.UP;
    }
}
