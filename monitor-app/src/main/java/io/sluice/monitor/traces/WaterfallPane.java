package io.sluice.monitor.traces;

import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * The spans of the selected request as bars on its timeline: one row per span, its label
 * ({@code upstream-headers 12.3 ms @ +1.2 ms}, then the node's detail) on the left and a bar
 * placed at its offset and as wide as its share of the request on the right. Styled by
 * traces.css: {@code .waterfall-bar} and {@code .span-NAME} per span kind.
 *
 * <p>The label and bar nodes are kept and reused from one selection to the next (unused ones are
 * hidden), and rows shrink to fit rather than scroll: new nodes, or a scroll pane whose content
 * changes height, cost the software renderer a second full-window pass on the next pulse
 * (measured with the trace flood benchmark). Bars therefore are found with
 * {@code lookupAll(".waterfall-bar")} filtered on {@code isVisible()}.
 */
final class WaterfallPane extends Region {

    static final double ROW = 22;
    private static final double MIN_ROW = 12;
    private static final double LABEL_SHARE = 0.45;
    private static final double LABEL_MAX = 380;
    private static final double GAP = 8;
    private static final double MIN_BAR = 2;

    private List<Waterfall.Bar> bars = List.of();

    WaterfallPane(ObservableValue<Waterfall> waterfall) {
        setId("waterfall");
        getStyleClass().add("waterfall");
        setPadding(new Insets(4, 8, 4, 8));
        setMinHeight(0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        show(waterfall.getValue());
        waterfall.addListener((o, was, now) -> show(now));
    }

    private void show(Waterfall w) {
        bars = w == null ? List.of() : w.bars();
        while (getChildren().size() < 2 * bars.size()) {
            Label label = new Label();
            label.getStyleClass().add("waterfall-label");
            Region bar = new Region();
            bar.getStyleClass().add("waterfall-bar");
            getChildren().addAll(label, bar);
        }
        for (int i = 0; i < getChildren().size() / 2; i++) {
            Label label = (Label) getChildren().get(2 * i);
            Region region = (Region) getChildren().get(2 * i + 1);
            boolean used = i < bars.size();
            label.setVisible(used);
            region.setVisible(used);
            if (used) {
                Waterfall.Bar bar = bars.get(i);
                label.setText(bar.detail() == null ? bar.label() : bar.label() + " · " + bar.detail());
                String kind = "span-" + bar.name();
                if (region.getStyleClass().size() != 2 || !region.getStyleClass().get(1).equals(kind)) {
                    region.getStyleClass().setAll("waterfall-bar", kind);
                }
            }
        }
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = getWidth() - in.getLeft() - in.getRight();
        double height = getHeight() - in.getTop() - in.getBottom();
        double row = bars.isEmpty() ? ROW : Math.max(MIN_ROW, Math.min(ROW, height / bars.size()));
        double labelWidth = Math.min(LABEL_MAX, width * LABEL_SHARE);
        double barsX = in.getLeft() + labelWidth + GAP;
        double barsWidth = Math.max(0, width - labelWidth - GAP);
        double inset = Math.min(4, row / 5);
        for (int i = 0; i < bars.size(); i++) {
            Waterfall.Bar bar = bars.get(i);
            double y = in.getTop() + i * row;
            getChildren().get(2 * i).resizeRelocate(in.getLeft(), y, labelWidth, row);
            double w = Math.max(MIN_BAR, bar.width() * barsWidth);
            double x = barsX + Math.max(0, Math.min(bar.offset() * barsWidth, barsWidth - w));
            getChildren().get(2 * i + 1).resizeRelocate(snapPositionX(x), y + inset, snapSizeX(w), row - 2 * inset);
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        return in.getTop() + in.getBottom() + Math.max(1, bars.size()) * ROW;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }
}
