package io.sluice.model;

import java.util.List;

/**
 * What a node tells the cluster about itself: how to reach its admin API, which config version it
 * runs (and why it could not run a newer one, if so), and when it last said so. Nodes refresh it
 * every few seconds; an entry that stops being refreshed expires, which is how a killed node
 * disappears from the list. {@code draining} is set once an operator drained the node: it takes no
 * new connections and is about to be stopped.
 */
public record NodeStatus(String nodeId, String adminUrl, List<String> listeners, String startedAt, long configVersion,
                         String configError, String seenAt, String member, boolean draining) {

    public NodeStatus(String nodeId, String adminUrl, List<String> listeners, String startedAt, long configVersion,
                      String configError, String seenAt, String member) {
        this(nodeId, adminUrl, listeners, startedAt, configVersion, configError, seenAt, member, false);
    }
}
