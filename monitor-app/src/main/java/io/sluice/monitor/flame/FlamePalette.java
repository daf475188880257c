package io.sluice.monitor.flame;

/**
 * Frame colours as {@code 0xRRGGBB}, shared by the canvas and the SVG export so both look alike.
 *
 * <ul>
 *   <li>a profile: flamegraph.pl's warm palette, the hue picked from the name, so one method has
 *       one colour wherever it appears; synthetic leaves such as {@code (parked)} or
 *       {@code (new byte[])} in cool blue, so waiting and allocation stand out from code;</li>
 *   <li>a comparison: red where a frame's share grew from A to B, blue where it shrank, the
 *       stronger the larger the change against the largest change in the graph; near white for
 *       no change;</li>
 *   <li>a search hit: magenta, whatever the mode;</li>
 *   <li>the context rows above a zoom root: faded toward grey.</li>
 * </ul>
 */
public final class FlamePalette {

    /** Search hits, as flamegraph.pl marks them. */
    public static final int MATCH = 0xE600E6;
    public static final int BACKGROUND = 0xFAFAF7;
    public static final int TEXT = 0x1A1A1A;

    private FlamePalette() {
    }

    public static int rgb(Frame f, FlameLayout layout) {
        int base;
        if (f.matched()) {
            base = MATCH;
        } else if (f.diff() != null) {
            base = diff(f.diff().delta(), layout.maxAbsDelta());
        } else {
            base = byName(f.name());
        }
        return f.ancestor() ? mix(base, 0xC8C8C8, 0.55) : base;
    }

    /** Dark text on light bars, white on dark ones (a strongly shrunk frame is deep blue). */
    public static int textOn(int rgb) {
        double luminance = (0.299 * red(rgb) + 0.587 * green(rgb) + 0.114 * blue(rgb)) / 255;
        return luminance < 0.5 ? 0xFFFFFF : TEXT;
    }

    /** Warm for code, cool for synthetic frames, stable per name. */
    static int byName(String name) {
        int h = name.hashCode() * 0x9E3779B1;
        double v1 = ((h >>> 8) & 0xFF) / 255.0;
        double v2 = ((h >>> 16) & 0xFF) / 255.0;
        double v3 = ((h >>> 24) & 0xFF) / 255.0;
        if (name.startsWith("(")) {
            return rgb(80 + (int) (50 * v1), 150 + (int) (60 * v2), 200 + (int) (55 * v3));
        }
        return rgb(205 + (int) (50 * v1), (int) (230 * v2), (int) (55 * v3));
    }

    /** Red for growth, blue for shrinkage; intensity is |delta| against the largest |delta|. */
    static int diff(double delta, double maxAbsDelta) {
        double i = maxAbsDelta <= 0 ? 0 : Math.min(1, Math.abs(delta) / maxAbsDelta);
        int fade = (int) Math.round(235 - 195 * i);
        if (delta > 0) {
            return rgb(255, fade, fade);
        }
        if (delta < 0) {
            return rgb(fade, fade, 255);
        }
        return rgb(235, 235, 235);
    }

    static int mix(int a, int b, double towardB) {
        int r = (int) Math.round(red(a) + (red(b) - red(a)) * towardB);
        int g = (int) Math.round(green(a) + (green(b) - green(a)) * towardB);
        int bl = (int) Math.round(blue(a) + (blue(b) - blue(a)) * towardB);
        return rgb(r, g, bl);
    }

    public static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    public static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    public static int blue(int rgb) {
        return rgb & 0xFF;
    }

    /** {@code #rrggbb}, for SVG and CSS. */
    public static String hex(int rgb) {
        return String.format(java.util.Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    private static int rgb(int r, int g, int b) {
        return (Math.clamp(r, 0, 255) << 16) | (Math.clamp(g, 0, 255) << 8) | Math.clamp(b, 0, 255);
    }
}
