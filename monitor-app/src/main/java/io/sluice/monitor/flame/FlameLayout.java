package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Where each frame of a profile goes, independent of pixels: the zoom root spans the full width,
 * each callee gets the part of its caller's width that its weight is of the zoom root's, left to
 * right in the tree's order (heaviest first), and the frames above the zoom root are kept as
 * full-width context rows, as flamegraph.pl and speedscope show them. Frames narrower than a
 * minimum fraction (and so all their callees) are left out: they would not cover a pixel.
 *
 * <p>Immutable; the view model makes a new one when the profile, zoom or search changes.
 */
public final class FlameLayout {

    private static final FlameLayout EMPTY = new FlameLayout(List.of(), List.of(), false);

    private final List<Frame> frames;
    private final List<List<Frame>> rows;
    private final List<String> zoom;
    private final boolean diff;
    private final double maxAbsDelta;

    private FlameLayout(List<Frame> frames, List<String> zoom, boolean diff) {
        this.frames = List.copyOf(frames);
        this.zoom = List.copyOf(zoom);
        this.diff = diff;
        List<List<Frame>> byDepth = new ArrayList<>();
        double max = 0;
        for (Frame f : frames) { // pre-order: within a row, frames come left to right
            while (byDepth.size() <= f.depth()) {
                byDepth.add(new ArrayList<>());
            }
            byDepth.get(f.depth()).add(f);
            if (f.diff() != null) {
                max = Math.max(max, Math.abs(f.diff().delta()));
            }
        }
        this.rows = byDepth.stream().map(List::copyOf).toList();
        this.maxAbsDelta = max;
    }

    /** No profile: nothing to draw. */
    public static FlameLayout empty() {
        return EMPTY;
    }

    /**
     * @param zoom     names from the root to the frame to show full width; empty or the root's
     *                 path for none; a path that leaves the tree stops at its last frame that exists
     * @param minWidth frames narrower than this fraction of the zoom root are left out
     * @param match    names to highlight, or null when nothing is searched (the root never matches)
     */
    public static FlameLayout of(FlameNode root, List<String> zoom, double minWidth, Predicate<String> match) {
        return build(root, FLAME, zoom, minWidth, match);
    }

    /** A differential graph: B's weights, with both shares on every frame. */
    public static FlameLayout of(DiffNode root, List<String> zoom, double minWidth, Predicate<String> match) {
        return build(root, DIFF, zoom, minWidth, match);
    }

    /** Every frame, row by row from the root down, left to right within a row. */
    public List<Frame> frames() {
        return frames;
    }

    /** How many rows the graph has. */
    public int depth() {
        return rows.size();
    }

    /** The frames of one row, left to right. */
    public List<Frame> row(int depth) {
        return depth < 0 || depth >= rows.size() ? List.of() : rows.get(depth);
    }

    /** The path that is drawn full width; empty when there is nothing to draw. */
    public List<String> zoom() {
        return zoom;
    }

    /** True when the zoom root is below the root. */
    public boolean zoomed() {
        return zoom.size() > 1;
    }

    public boolean diff() {
        return diff;
    }

    /** The largest change of share in a differential graph, to scale colour intensity; 0 otherwise. */
    public double maxAbsDelta() {
        return maxAbsDelta;
    }

    /** The frame of row {@code depth} under {@code x} (0..1 of the width), if any. */
    public Optional<Frame> frameAt(double x, int depth) {
        List<Frame> row = row(depth);
        int lo = 0;
        int hi = row.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Frame f = row.get(mid);
            if (x < f.x()) {
                hi = mid - 1;
            } else if (x >= f.end() && !(x == 1.0 && f.end() >= 1.0 - 1e-9)) {
                lo = mid + 1;
            } else {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The frame at {@code path}, if it was laid out. */
    public Optional<Frame> find(List<String> path) {
        return row(path.size() - 1).stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The null-safe callees of a node (a JSON leaf may come without a list). */
    static List<FlameNode> children(FlameNode n) {
        return n.children() == null ? List.of() : n.children();
    }

    /** How to read a tree of either kind. */
    private record Shape<T>(Function<T, String> name, ToLongFunction<T> total, ToLongFunction<T> self,
                            Function<T, List<T>> children, Function<T, Frame.Diff> diff) {
    }

    private static final Shape<FlameNode> FLAME = new Shape<>(FlameNode::name, FlameNode::total, FlameNode::self,
            FlameLayout::children, n -> null);
    private static final Shape<DiffNode> DIFF = new Shape<>(DiffNode::name, DiffNode::totalB, DiffNode::selfB,
            DiffNode::children, n -> new Frame.Diff(n.totalA(), n.shareA(), n.shareB()));

    private static <T> FlameLayout build(T root, Shape<T> s, List<String> zoom, double minWidth, Predicate<String> match) {
        if (root == null) {
            return EMPTY;
        }
        long whole = s.total().applyAsLong(root);
        List<T> chain = new ArrayList<>(List.of(root));
        List<String> path = new ArrayList<>(List.of(s.name().apply(root)));
        for (int i = 1; i < zoom.size(); i++) {
            T next = child(chain.getLast(), zoom.get(i), s);
            if (next == null) {
                break;
            }
            chain.add(next);
            path.add(zoom.get(i));
        }
        Builder<T> b = new Builder<>(s, whole, minWidth, match);
        for (int d = 0; d < chain.size() - 1; d++) {
            b.add(chain.get(d), d, 0, 1, path.subList(0, d + 1), true);
        }
        T focus = chain.getLast();
        b.place(focus, chain.size() - 1, 0, 1, s.total().applyAsLong(focus), new ArrayList<>(path));
        return new FlameLayout(b.frames, path, s == DIFF);
    }

    private static <T> T child(T node, String name, Shape<T> s) {
        for (T c : s.children().apply(node)) {
            if (s.name().apply(c).equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static final class Builder<T> {
        final Shape<T> s;
        final long whole;
        final double minWidth;
        final Predicate<String> match;
        final List<Frame> frames = new ArrayList<>();

        Builder(Shape<T> s, long whole, double minWidth, Predicate<String> match) {
            this.s = s;
            this.whole = whole;
            this.minWidth = minWidth;
            this.match = match;
        }

        /** Lays out {@code node} at {@code [x, x + width)} and its callees below, in fractions of {@code focusTotal}. */
        void place(T node, int depth, double x, double width, long focusTotal, List<String> path) {
            add(node, depth, x, width, path, false);
            double cx = x;
            for (T c : s.children().apply(node)) {
                double w = focusTotal <= 0 ? 0 : (double) s.total().applyAsLong(c) / focusTotal;
                if (w >= minWidth && w > 0) {
                    path.add(s.name().apply(c));
                    place(c, depth + 1, cx, w, focusTotal, path);
                    path.removeLast();
                }
                cx += w;
            }
        }

        void add(T node, int depth, double x, double width, List<String> path, boolean ancestor) {
            String name = s.name().apply(node);
            long total = s.total().applyAsLong(node);
            boolean matched = depth > 0 && match != null && match.test(name);
            frames.add(new Frame(depth, x, width, name, total, s.self().applyAsLong(node), FlameDiff.share(total, whole),
                    List.copyOf(path), ancestor, matched, s.diff().apply(node)));
        }
    }
}
