package io.sluice.profile;

import io.sluice.cluster.Json;
import io.sluice.model.FlameNode;
import io.sluice.model.ProfileResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished profile in the formats viewers open, both written from its merged tree: every path
 * that ends with weight of its own (a node's {@code self}) becomes one stack, root first and
 * without the synthetic {@code all} root, so the formats add up to the tree's total.
 *
 * <ul>
 *   <li>collapsed stacks, one {@code frame;frame;frame weight} line per stack (Brendan Gregg's
 *       flamegraph.pl, inferno, speedscope and pyroscope read it);</li>
 *   <li>a speedscope file (https://www.speedscope.app/file-format-schema.json) with one
 *       {@code sampled} profile: a shared frame table, stacks as indices into it, one weight per
 *       stack.</li>
 * </ul>
 */
public final class ProfileFormats {

    public static final String SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    private ProfileFormats() {
    }

    /** Collapsed stacks, heaviest subtrees first. */
    public static String collapsed(FlameNode root) {
        StringBuilder out = new StringBuilder();
        eachStack(root, (path, weight) -> {
            for (int i = 0; i < path.size(); i++) {
                out.append(i == 0 ? "" : ";").append(path.get(i).name().replace(';', ':'));
            }
            out.append(' ').append(weight).append('\n');
        });
        return out.toString();
    }

    /** A speedscope file for {@code result}, which must carry its tree. */
    public static String speedscope(ProfileResult result) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<int[]> samples = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        eachStack(result.root(), (path, weight) -> {
            int[] stack = new int[path.size()];
            for (int i = 0; i < stack.length; i++) {
                stack[i] = index.computeIfAbsent(path.get(i).name(), n -> index.size());
            }
            samples.add(stack);
            weights.add(weight);
        });
        String name = result.node() + " " + result.kind() + " " + result.startedAt();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("type", "sampled");
        profile.put("name", name);
        profile.put("unit", switch (result.unit()) {
            case "bytes", "nanoseconds" -> result.unit();
            default -> "none";
        });
        profile.put("startValue", 0);
        profile.put("endValue", result.root().total());
        profile.put("samples", samples);
        profile.put("weights", weights);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("$schema", SPEEDSCOPE_SCHEMA);
        file.put("shared", Map.of("frames", index.keySet().stream().map(n -> Map.of("name", n)).toList()));
        file.put("profiles", List.of(profile));
        file.put("name", name);
        file.put("activeProfileIndex", 0);
        file.put("exporter", "sluice");
        return Json.write(file);
    }

    private interface StackVisitor {
        void stack(List<FlameNode> rootFirst, long weight);
    }

    private static void eachStack(FlameNode root, StackVisitor visitor) {
        List<FlameNode> path = new ArrayList<>();
        for (FlameNode child : root.children()) {
            walk(child, path, visitor);
        }
        if (root.self() > 0) {
            visitor.stack(List.of(root), root.self()); // weight with no frames at all; kept so totals agree
        }
    }

    private static void walk(FlameNode node, List<FlameNode> path, StackVisitor visitor) {
        path.add(node);
        if (node.self() > 0) {
            visitor.stack(path, node.self());
        }
        for (FlameNode child : node.children()) {
            walk(child, path, visitor);
        }
        path.removeLast();
    }
}
