package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Collapsed stacks, the text flamegraph.pl, inferno and speedscope read: one
 * {@code frame;frame;frame weight} line for every path with weight of its own, root first and
 * without the synthetic root, so the numbers add up to the profile's total (weight the root holds
 * itself, stacks with no frames, is written as a line {@code all N}, as the node's own export does).
 * A {@code ;} inside a name would split it and becomes {@code :}.
 */
public final class CollapsedExport {

    private CollapsedExport() {
    }

    public static String collapsed(FlameNode root) {
        StringBuilder out = new StringBuilder();
        if (root == null) {
            return "";
        }
        List<String> path = new ArrayList<>();
        for (FlameNode c : FlameLayout.children(root)) {
            walk(c, path, out);
        }
        if (root.self() > 0) {
            out.append(clean(root.name())).append(' ').append(root.self()).append('\n');
        }
        return out.toString();
    }

    private static void walk(FlameNode node, List<String> path, StringBuilder out) {
        path.add(clean(node.name()));
        if (node.self() > 0) {
            out.append(String.join(";", path)).append(' ').append(node.self()).append('\n');
        }
        for (FlameNode c : FlameLayout.children(node)) {
            walk(c, path, out);
        }
        path.removeLast();
    }

    private static String clean(String name) {
        return name.replace(';', ':').replace('\n', ' ');
    }
}
