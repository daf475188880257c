package io.sluice.monitor.flame;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Paints a {@link FlameLayout}: root on top, one {@value #ROW}-pixel row per depth, each frame
 * that covers at least a pixel as a bar in {@link FlamePalette}'s colour with its name cut to fit.
 * Repaints itself when resized; converts mouse positions to the layout's fractions and rows.
 */
final class FlameCanvas extends Canvas {

    static final double ROW = 17;
    static final int MAX_HEIGHT = 8192;
    private static final Font FONT = Font.font(11);
    private static final double CHAR_PX = charWidth();

    private FlameLayout layout = FlameLayout.empty();
    private String hint = "";

    FlameCanvas() {
        widthProperty().addListener(o -> draw());
        heightProperty().addListener(o -> draw());
    }

    void show(FlameLayout next, String emptyHint) {
        layout = next;
        hint = emptyHint;
        draw();
    }

    /**
     * The height every row of {@code l} needs, at most {@value #MAX_HEIGHT} px (a larger canvas
     * exceeds what a graphics card holds as one texture; JFR's default stack depth of 64 frames
     * stays far below it).
     */
    static double heightFor(FlameLayout l) {
        return Math.min(MAX_HEIGHT, l.depth() * ROW + 2);
    }

    /** {@code x} in pixels as a fraction of the width. */
    double fractionAt(double x) {
        return getWidth() <= 0 ? -1 : x / getWidth();
    }

    static int depthAt(double y) {
        return (int) Math.floor(y / ROW);
    }

    private void draw() {
        double w = getWidth();
        double h = getHeight();
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(color(FlamePalette.BACKGROUND));
        g.fillRect(0, 0, w, h);
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        if (layout.frames().isEmpty()) {
            g.setFill(Color.GRAY);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(hint, w / 2, Math.min(h / 2, 80));
            return;
        }
        g.setTextAlign(TextAlignment.LEFT);
        for (Frame f : layout.frames()) {
            if (!f.visibleAt(w)) {
                continue;
            }
            double x = f.x() * w;
            double fw = f.width() * w;
            double y = f.depth() * ROW;
            int fill = FlamePalette.rgb(f, layout);
            g.setFill(color(fill));
            g.fillRect(x, y, Math.max(1, fw - 1), ROW - 1);
            String label = FrameText.fit(f.name(), fw - 6, CHAR_PX);
            if (!label.isEmpty()) {
                g.setFill(color(FlamePalette.textOn(fill)));
                g.fillText(label, x + 3, y + ROW / 2, fw - 6); // maxWidth squeezes rather than spill over
            }
        }
    }

    private static Color color(int rgb) {
        return Color.rgb(FlamePalette.red(rgb), FlamePalette.green(rgb), FlamePalette.blue(rgb));
    }

    /** The average width of a character of the label font, to cut names before drawing. */
    private static double charWidth() {
        String sample = "io.sluice.proxy.ProxyHandler.handle(new byte[])";
        Text t = new Text(sample);
        t.setFont(FONT);
        double w = t.getLayoutBounds().getWidth();
        return w > 0 ? w / sample.length() : 6.5;
    }
}
