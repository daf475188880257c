package io.sluice.monitor.flame;

import java.util.Locale;

/**
 * The current graph as a self-contained SVG document: the layout as drawn (zoom, search
 * highlights and comparison colours included), one {@code <g>} per frame that covers a pixel,
 * each with a {@code <title>} that browsers show on hover, in the status line's words.
 * No scripts and no external references, so it opens anywhere and can be attached to a ticket.
 */
public final class SvgExport {

    public static final int ROW = 16;
    private static final int HEADER = 26;
    private static final double CHAR_PX = 6.6;

    private SvgExport() {
    }

    /**
     * @param width   the document's width in pixels; frames narrower than a pixel are left out
     * @param caption what the graph shows, e.g. {@code node-1 cpu 10 s}
     * @param unit    the profile's unit, for the tooltips
     */
    public static String svg(FlameLayout layout, int width, String caption, String unit) {
        int w = Math.max(width, 100);
        int h = HEADER + Math.max(1, layout.depth()) * ROW + 4;
        StringBuilder out = new StringBuilder(256 + layout.frames().size() * 200);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"Verdana, DejaVu Sans, sans-serif\" font-size=\"11\">\n")
                .append("<title>").append(escape(caption)).append("</title>\n")
                .append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" fill=\"").append(FlamePalette.hex(FlamePalette.BACKGROUND)).append("\"/>\n")
                .append("<text x=\"8\" y=\"17\" font-size=\"13\" fill=\"").append(FlamePalette.hex(FlamePalette.TEXT))
                .append("\">").append(escape(caption)).append("</text>\n");
        for (Frame f : layout.frames()) {
            if (!f.visibleAt(w)) {
                continue;
            }
            double x = f.x() * w;
            double fw = f.width() * w;
            int y = HEADER + f.depth() * ROW;
            int fill = FlamePalette.rgb(f, layout);
            out.append("<g><title>").append(escape(FrameText.describe(f, unit))).append("</title>")
                    .append("<rect x=\"").append(num(x)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(num(Math.max(fw - 0.5, 0.5))).append("\" height=\"").append(ROW - 1)
                    .append("\" fill=\"").append(FlamePalette.hex(fill)).append("\" rx=\"1\"/>");
            String label = FrameText.fit(f.name(), fw - 6, CHAR_PX);
            if (!label.isEmpty()) {
                out.append("<text x=\"").append(num(x + 3)).append("\" y=\"").append(y + ROW - 4)
                        .append("\" fill=\"").append(FlamePalette.hex(FlamePalette.textOn(fill))).append("\">")
                        .append(escape(label)).append("</text>");
            }
            out.append("</g>\n");
        }
        return out.append("</svg>\n").toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** XML text and attribute escaping; drops control characters XML 1.0 cannot carry. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
