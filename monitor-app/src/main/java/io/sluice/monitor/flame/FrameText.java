package io.sluice.monitor.flame;

import java.util.Locale;

/**
 * The words for a frame that the status line, the SVG tooltips and the search summary share, in
 * the profile's unit ({@code ProfileResult.unit()}: samples for cpu, bytes for alloc, nanoseconds
 * for wall). Fixed to {@link Locale#ROOT} so exports read the same on every machine.
 */
public final class FrameText {

    private FrameText() {
    }

    /**
     * {@code io.sluice.proxy.ProxyHandler.handle — 1,234 samples (12.3 %)}; in a comparison
     * {@code name — A 10.0 % → B 12.3 % (+2.3 %), 1,234 samples in B}.
     */
    public static String describe(Frame f, String unit) {
        if (f.diff() != null) {
            Frame.Diff d = f.diff();
            return f.name() + " — A " + share(d.shareA()) + " → B " + share(d.shareB()) + " (" + delta(d.delta()) + "), "
                    + amount(f.total(), unit) + " in B";
        }
        return f.name() + " — " + amount(f.total(), unit) + " (" + share(f.share()) + ")";
    }

    /** {@code 12 matches, 34.5 % of samples}. */
    public static String matches(FlameSearch.Result r, String unit) {
        if (r.matches() == 0) {
            return "no matches";
        }
        return r.matches() + (r.matches() == 1 ? " match, " : " matches, ") + share(r.share()) + " of " + whole(unit);
    }

    /** {@code 1,234 samples}, {@code 5,242,880 bytes}, {@code 20,000,000 ns}. */
    public static String amount(long value, String unit) {
        return String.format(Locale.ROOT, "%,d %s", value, shortUnit(unit));
    }

    /** {@code 12.3 %}; a share too small to show as a tenth of a percent is {@code <0.1 %}. */
    public static String share(double fraction) {
        if (fraction > 0 && fraction < 0.0005) {
            return "<0.1 %";
        }
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** {@code +2.3 %} or {@code -1.0 %}: the change of a share, in percentage points. */
    public static String delta(double fraction) {
        return String.format(Locale.ROOT, "%+.1f %%", fraction * 100);
    }

    /**
     * {@code name} cut to fit {@code px} pixels at about {@code charPx} per character, ending in
     * an ellipsis when cut; empty when not even two characters fit.
     */
    public static String fit(String name, double px, double charPx) {
        int chars = (int) (px / charPx);
        if (chars >= name.length()) {
            return name;
        }
        return chars < 3 ? "" : name.substring(0, chars - 1) + "…";
    }

    static String shortUnit(String unit) {
        if (unit == null || unit.isBlank()) {
            return "samples";
        }
        return unit.equals("nanoseconds") ? "ns" : unit;
    }

    private static String whole(String unit) {
        return switch (shortUnit(unit)) {
            case "bytes" -> "allocated bytes";
            case "ns" -> "wall time";
            default -> "samples";
        };
    }
}
