package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds frames by name, case-insensitively: plain text matches as a substring, text between
 * slashes ({@code /Proxy.*handle/}) as a regular expression. What a search reports is how much of
 * the profile runs through a matching frame; a sample whose stack has several matching frames
 * (recursion, or a search for a package) counts once, so the share never exceeds 100 %.
 */
public final class FlameSearch {

    /**
     * @param paths  every matching frame, as its path from the root
     * @param weight the weight of the stacks through at least one matching frame
     * @param share  {@code weight} of the root's total, 0..1
     */
    public record Result(List<List<String>> paths, long weight, double share) {

        public int matches() {
            return paths.size();
        }
    }

    private FlameSearch() {
    }

    /**
     * The name test for {@code text}; null when it is blank (nothing searched).
     *
     * @throws PatternSyntaxException when {@code /.../} is not a regular expression
     */
    public static Predicate<String> matcher(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() > 2 && t.startsWith("/") && t.endsWith("/")) {
            Pattern p = Pattern.compile(t.substring(1, t.length() - 1), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return name -> p.matcher(name).find();
        }
        String wanted = t.toLowerCase(Locale.ROOT);
        return name -> name.toLowerCase(Locale.ROOT).contains(wanted);
    }

    /** The frames below {@code root} that {@code match} accepts (the synthetic root is never one). */
    public static Result search(FlameNode root, Predicate<String> match) {
        List<List<String>> paths = new ArrayList<>();
        if (root == null || match == null) {
            return new Result(List.of(), 0, 0);
        }
        List<String> path = new ArrayList<>(List.of(root.name()));
        long weight = 0;
        for (FlameNode c : FlameLayout.children(root)) {
            weight += walk(c, match, false, path, paths);
        }
        return new Result(List.copyOf(paths), weight, FlameDiff.share(weight, root.total()));
    }

    /** Records matches under {@code node}; returns the weight they add that no matching caller already counted. */
    private static long walk(FlameNode node, Predicate<String> match, boolean counted, List<String> path,
                             List<List<String>> paths) {
        path.add(node.name());
        long weight = 0;
        boolean hit = match.test(node.name());
        if (hit) {
            paths.add(List.copyOf(path));
            if (!counted) {
                weight = node.total();
            }
        }
        for (FlameNode c : FlameLayout.children(node)) {
            weight += walk(c, match, counted || hit, path, paths);
        }
        path.removeLast();
        return weight;
    }
}
