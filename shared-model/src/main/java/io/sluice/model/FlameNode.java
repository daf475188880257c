package io.sluice.model;

import java.util.List;

/**
 * A frame in a flame graph: its name ({@code package.Class.method}), the weight of every stack that
 * passes through it ({@code total}) and of those that end in it ({@code self}), and its callees,
 * heaviest first.
 */
public record FlameNode(String name, long total, long self, List<FlameNode> children) {
}
