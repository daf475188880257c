package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a baseline profile A and a profile B by frame path into a differential tree, as
 * flamegraph.pl's difffolded does: B's shape, with each frame's share in A beside its share in B.
 */
public final class FlameDiff {

    private FlameDiff() {
    }

    public static DiffNode merge(FlameNode a, FlameNode b) {
        return merge(a, b, a == null ? 0 : a.total(), b.total());
    }

    private static DiffNode merge(FlameNode a, FlameNode b, long wholeA, long wholeB) {
        Map<String, FlameNode> inA = new HashMap<>();
        if (a != null) {
            for (FlameNode c : FlameLayout.children(a)) {
                inA.putIfAbsent(c.name(), c); // the profiler merges siblings by name: one each
            }
        }
        List<FlameNode> inB = FlameLayout.children(b);
        List<DiffNode> children = new ArrayList<>(inB.size());
        for (FlameNode c : inB) {
            children.add(merge(inA.get(c.name()), c, wholeA, wholeB));
        }
        long totalA = a == null ? 0 : a.total();
        return new DiffNode(b.name(), totalA, b.total(), b.self(), share(totalA, wholeA), share(b.total(), wholeB),
                List.copyOf(children));
    }

    static double share(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }
}
