package io.sluice.profile;

import io.sluice.model.FlameNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges weighted stacks (root first) into one call tree under a synthetic root {@code all}, with
 * bounded memory: a stack keeps its {@value #MAX_DEPTH} frames nearest the leaf, below a
 * {@code (truncated)} frame (as do stacks JFR itself cut short), and once the tree holds
 * {@value #MAX_NODES} nodes, frames that would need a new node are merged into one {@code (pruned)}
 * child of the deepest frame that already exists, so weights stay whole while detail goes (at most
 * one such child per node: the tree never exceeds twice the budget, and in practice barely passes it).
 */
final class StackTree {

    static final int MAX_DEPTH = 128;
    static final int MAX_NODES = 20_000;
    static final String ROOT = "all";
    static final String TRUNCATED = "(truncated)";
    static final String PRUNED = "(pruned)";

    /** A frame in the tree being built; {@link #child} is the only way nodes are made. */
    final class Node {
        private final String name;
        private final Node parent;
        private final Map<String, Node> children = new HashMap<>();
        private final boolean sink;
        private Node pruned;
        private long total;
        private long self;

        private Node(String name, Node parent) {
            this.name = name;
            this.parent = parent;
            this.sink = name.equals(PRUNED);
        }

        /** The child named {@code frame}; past the node budget, this node's {@code (pruned)} child. */
        Node child(String frame) {
            if (sink) {
                return this; // whatever lies below a pruned frame stays in it
            }
            Node c = children.get(frame);
            if (c != null) {
                return c;
            }
            if (nodes >= MAX_NODES) {
                if (pruned == null) {
                    pruned = new Node(PRUNED, this);
                    nodes++;
                }
                return pruned;
            }
            c = new Node(frame, this);
            children.put(frame, c);
            nodes++;
            return c;
        }
    }

    private final Node root = new Node(ROOT, null);
    private int nodes = 1;
    private long samples;

    /**
     * The node at the end of {@code rootFirst}; {@code truncated} says the stack lost frames at its
     * root end before it got here. Callers may keep the node to add the same stack again cheaply.
     */
    Node path(List<String> rootFirst, boolean truncated) {
        Node n = root;
        int from = Math.max(0, rootFirst.size() - MAX_DEPTH);
        if (truncated || from > 0) {
            n = n.child(TRUNCATED);
        }
        for (int i = from; i < rootFirst.size(); i++) {
            n = n.child(rootFirst.get(i));
        }
        return n;
    }

    /** Counts one sample of {@code weight} ending in {@code leaf}. */
    void add(Node leaf, long weight) {
        samples++;
        leaf.self += weight;
        for (Node n = leaf; n != null; n = n.parent) {
            n.total += weight;
        }
    }

    void add(List<String> rootFirst, long weight) {
        add(path(rootFirst, false), weight);
    }

    long samples() {
        return samples;
    }

    int size() {
        return nodes;
    }

    /** The tree as it stands, children heaviest first (ties by name, so equal input gives equal output). */
    FlameNode toFlameNode() {
        return freeze(root);
    }

    private static FlameNode freeze(Node n) {
        List<Node> kids = new ArrayList<>(n.children.values());
        if (n.pruned != null) {
            kids.add(n.pruned);
        }
        kids.sort(Comparator.comparingLong((Node k) -> -k.total).thenComparing(k -> k.name));
        List<FlameNode> children = new ArrayList<>(kids.size());
        for (Node k : kids) {
            children.add(freeze(k));
        }
        return new FlameNode(n.name, n.total, n.self, List.copyOf(children));
    }
}
