package io.sluice.monitor.flame;

import java.util.List;

/**
 * One bar of a laid-out flame graph. Positions are fractions of the drawing's width, so the same
 * layout serves the canvas, the SVG export and hit tests at any size.
 *
 * @param depth    row, 0 for the synthetic root {@code all}
 * @param x        left edge, 0..1 of the zoomed root's width
 * @param width    0..1 of the zoomed root's width
 * @param total    weight of every stack through this frame (samples, bytes or nanoseconds)
 * @param self     weight of the stacks that end here
 * @param share    {@code total} as a fraction of the whole profile (not of the zoomed root)
 * @param path     frame names from the root to this frame, inclusive; what {@code zoom} takes
 * @param ancestor true for the frames above the zoom root, drawn full width as context
 * @param matched  true when the current search matches its name
 * @param diff     the shares in both profiles of a comparison; null outside compare mode
 */
public record Frame(int depth, double x, double width, String name, long total, long self, double share,
                   List<String> path, boolean ancestor, boolean matched, Diff diff) {

    /** A frame's share of the baseline profile A and of profile B, whose weights the graph draws. */
    public record Diff(long totalA, double shareA, double shareB) {

        /** Positive when the frame grew as a share of its profile from A to B. */
        public double delta() {
            return shareB - shareA;
        }
    }

    /** Whether it covers at least a pixel when the graph is {@code widthPx} wide: only those are drawn. */
    public boolean visibleAt(double widthPx) {
        return width * widthPx >= 1;
    }

    /** The right edge, 0..1. */
    public double end() {
        return x + width;
    }
}
