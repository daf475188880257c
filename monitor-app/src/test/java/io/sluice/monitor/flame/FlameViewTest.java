package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.HANDLE;
import static io.sluice.monitor.flame.Trees.RUN;
import static io.sluice.monitor.flame.Trees.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.monitor.session.Calls;
import io.sluice.monitor.testing.Fx;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view on the headless toolkit: Record fills the canvas, a click on a frame zooms, hovering
 * names the frame in the status line, the search paints matches magenta, and the exports write
 * files that read back (the PNG with the canvas's size).
 */
class FlameViewTest {

    @TempDir
    Path dir;

    private final List<String> recorded = new CopyOnWriteArrayList<>();

    private FlameViewModel vm(boolean canAct) {
        FlameViewModel vm = new FlameViewModel((node, request) -> {
            recorded.add(node + " " + request.kind() + " " + request.seconds());
            return Trees.profile("p1", "cpu", Trees.sample());
        }, Calls.inline(), canAct);
        Fx.run(() -> vm.setNodes(List.of("node-1", "node-2")));
        return vm;
    }

    private static FlameView show(FlameViewModel vm) {
        return Fx.call(() -> {
            FlameView v = new FlameView(vm);
            new Scene(v, 1100, 600);
            v.applyCss();
            v.layout();
            return v;
        });
    }

    @Test
    void recordsDrawsZoomsHoversSearchesAndExports() throws Exception {
        FlameViewModel vm = vm(true);
        FlameView view = show(vm);
        Canvas canvas = Fx.call(() -> (Canvas) view.lookup("#flame"));
        Label status = Fx.call(() -> (Label) view.lookup("#flame-status"));

        Fx.run(() -> ((Button) view.lookup("#record")).fire());

        assertThat(recorded).containsExactly("node-1 cpu 10");
        assertThat(Fx.call(status::getText)).isEqualTo("recorded cpu on node-1 for 10 s: 100 samples");
        double w = Fx.call(canvas::getWidth);
        assertThat(w).isGreaterThan(900);
        assertThat(Fx.call(canvas::getHeight)).isGreaterThanOrEqualTo(4 * FlameCanvas.ROW);

        // hover and leave
        mouse(canvas, MouseEvent.MOUSE_MOVED, 0.3 * w, 2.5 * FlameCanvas.ROW);
        assertThat(Fx.call(status::getText)).isEqualTo(HANDLE + " — 60 samples (60.0 %)");
        mouse(canvas, MouseEvent.MOUSE_EXITED, 0.3 * w, 2.5 * FlameCanvas.ROW);
        assertThat(Fx.call(status::getText)).startsWith("recorded cpu");

        // click zooms; Reset zoom goes back
        Button reset = Fx.call(() -> (Button) view.lookup("#reset-zoom"));
        assertThat(Fx.call(reset::isDisabled)).isTrue();
        mouse(canvas, MouseEvent.MOUSE_CLICKED, 0.3 * w, 2.5 * FlameCanvas.ROW);
        assertThat(Fx.call(() -> vm.zoomProperty().get())).containsExactly("all", RUN, HANDLE);
        assertThat(Fx.call(() -> vm.layoutProperty().get().find(path("all", RUN, HANDLE)).orElseThrow().width())).isEqualTo(1.0);
        assertThat(Fx.call(reset::isDisabled)).isFalse();
        Fx.run(reset::fire);
        assertThat(Fx.call(() -> vm.zoomedProperty().get())).isFalse();

        // search: summary and magenta bars
        Fx.run(() -> ((TextField) view.lookup("#search")).setText("proxyhandler.handle"));
        assertThat(Fx.call(() -> ((Label) view.lookup("#search-summary")).getText())).isEqualTo("2 matches, 70.0 % of samples");
        WritableImage shot = Fx.call(() -> canvas.snapshot(null, null));
        int handleBar = shot.getPixelReader().getArgb(1, (int) (2 * FlameCanvas.ROW) + 1) & 0xFFFFFF;
        int runBar = shot.getPixelReader().getArgb(1, (int) FlameCanvas.ROW + 1) & 0xFFFFFF;
        assertThat(handleBar).isEqualTo(FlamePalette.MATCH);
        assertThat(runBar).isNotEqualTo(FlamePalette.MATCH);

        // exports
        Path png = dir.resolve("flame.png");
        assertThat(Fx.call(() -> view.exportPng(png))).isTrue();
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getWidth()).isEqualTo((int) Math.round(w));
        assertThat(read.getHeight()).isEqualTo((int) Math.round(Fx.call(canvas::getHeight)));
        assertThat(read.getRGB(1, (int) (2 * FlameCanvas.ROW) + 1) & 0xFFFFFF).isEqualTo(FlamePalette.MATCH);
        assertThat(Fx.call(status::getText)).isEqualTo("wrote PNG to " + png);

        Fx.run(() -> view.setSaveTarget((title, name, pattern) -> Optional.of(dir.resolve(name))));
        Fx.run(() -> ((Button) view.lookup("#export-svg")).fire());
        Fx.run(() -> ((Button) view.lookup("#export-collapsed")).fire());
        assertThat(Files.readString(dir.resolve("node-1-cpu-p1.svg"))).startsWith("<?xml").contains("<title>" + HANDLE);
        assertThat(Files.readString(dir.resolve("node-1-cpu-p1.collapsed")).lines()).hasSize(6);

        Path nowhere = dir.resolve("missing-dir").resolve("x.svg");
        assertThat(Fx.call(() -> view.exportSvg(nowhere))).isFalse();
        assertThat(Fx.call(status::getText)).startsWith("could not write SVG to " + nowhere);
    }

    @Test
    void comparesTwoRecordedProfiles() {
        FlameViewModel vm = vm(true);
        FlameView view = show(vm);
        Button compare = Fx.call(() -> (Button) view.lookup("#compare"));
        assertThat(Fx.call(compare::isDisabled)).isTrue();

        Fx.run(() -> {
            vm.showProfile(Trees.profile("a", "cpu", Trees.sample()));
            vm.showProfile(Trees.profile("b", "cpu", Trees.later()));
        });
        assertThat(Fx.call(compare::isDisabled)).isFalse();
        Fx.run(compare::fire);

        assertThat(Fx.call(() -> vm.layoutProperty().get().diff())).isTrue();
        assertThat(Fx.call(compare::getText)).isEqualTo("End compare");
        Fx.run(compare::fire);
        assertThat(Fx.call(() -> vm.layoutProperty().get().diff())).isFalse();
    }

    @Test
    void recordIsOffForAViewerAndForBadSeconds() {
        FlameViewModel viewerVm = vm(false);
        FlameView viewer = show(viewerVm);
        assertThat(Fx.call(() -> viewer.lookup("#record").isDisabled())).isTrue();

        FlameView operator = show(vm(true));
        assertThat(Fx.call(() -> operator.lookup("#record").isDisabled())).isFalse();
        Fx.run(() -> ((TextField) operator.lookup("#seconds")).setText("301"));
        assertThat(Fx.call(() -> operator.lookup("#record").isDisabled())).isTrue();
        assertThat(Fx.call(() -> operator.lookup("#seconds").getPseudoClassStates().toString())).contains("invalid");
    }

    private static void mouse(Canvas canvas, EventType<MouseEvent> type, double x, double y) {
        Fx.run(() -> {
            Point2D s = canvas.localToScene(x, y);
            Event.fireEvent(canvas, new MouseEvent(type, s.getX(), s.getY(), s.getX(), s.getY(), MouseButton.PRIMARY, 1,
                    false, false, false, false, type != MouseEvent.MOUSE_MOVED, false, false, true, false, true, null));
        });
    }
}
