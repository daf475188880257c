package io.sluice.monitor.flame;

import java.util.List;

/**
 * A frame of profile B matched by path with the same frame of baseline A. Shares are of each
 * profile's own root total, so profiles of different lengths compare fairly. A frame only in B has
 * {@code totalA} 0 (it counts as grown); frames only in A are not part of the tree (the graph is
 * drawn with B's weights, where they would have no width).
 */
public record DiffNode(String name, long totalA, long totalB, long selfB, double shareA, double shareB,
                       List<DiffNode> children) {

    /** B's share minus A's: positive grew, negative shrank. */
    public double delta() {
        return shareB - shareA;
    }
}
