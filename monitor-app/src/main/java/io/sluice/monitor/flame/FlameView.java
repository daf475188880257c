package io.sluice.monitor.flame;

import io.sluice.monitor.fx.Png;
import io.sluice.monitor.session.Calls;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The flame graph tab: record a profile, look at it (click a frame to zoom, click the root or
 * "Reset zoom" to go back, hover for a frame's weight, search to highlight), compare two, export.
 *
 * <p>Control ids: {@code node}, {@code kind}, {@code seconds}, {@code record}, {@code profiles},
 * {@code baseline}, {@code compare}, {@code search}, {@code search-summary}, {@code reset-zoom},
 * {@code export-collapsed}, {@code export-svg}, {@code export-png}, the canvas {@code flame} and
 * the status line {@code flame-status}.
 *
 * <p>Exports ask for a file through {@link SaveTarget} (a {@link FileChooser} unless set) and
 * then write with {@link #exportCollapsed}, {@link #exportSvg} and {@link #exportPng}, which tests
 * call with a path directly.
 */
public final class FlameView extends BorderPane {

    /** Where an export goes; empty when the operator cancels. */
    @FunctionalInterface
    public interface SaveTarget {
        Optional<Path> choose(String title, String fileName, String extension);
    }

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final String HINT = "Choose a node, a kind and how many seconds, then Record.";

    private final FlameViewModel vm;
    private final FlameCanvas canvas = new FlameCanvas();
    private final ScrollPane scroll = new ScrollPane(canvas);
    private SaveTarget saveTarget = this::chooseFile;

    public FlameView(FlameViewModel vm) {
        this.vm = Objects.requireNonNull(vm, "vm");
        getStyleClass().add("flame-view");
        getStylesheets().add(Objects.requireNonNull(FlameView.class.getResource("flame.css")).toExternalForm());
        setTop(new VBox(recordBar(), viewBar()));
        setCenter(graph());
        setBottom(statusLine());
    }

    /** Replaces the file chooser, e.g. in tests or for a fixed export directory. */
    public void setSaveTarget(SaveTarget target) {
        saveTarget = Objects.requireNonNull(target, "target");
    }

    /** Writes the shown profile as collapsed stacks; false (with the reason in the status) if it could not. */
    public boolean exportCollapsed(Path file) {
        return write("collapsed stacks", file, () -> Files.writeString(file, vm.collapsed()));
    }

    /** Writes the graph as drawn (zoom, search, comparison) as an SVG document as wide as the canvas. */
    public boolean exportSvg(Path file) {
        int width = canvas.getWidth() >= 100 ? (int) Math.round(canvas.getWidth()) : 1200;
        return write("SVG", file, () -> Files.writeString(file, vm.svg(width)));
    }

    /** Writes a snapshot of the canvas as PNG. FX thread. */
    public boolean exportPng(Path file) {
        return write("PNG", file, () -> Png.write(canvas.snapshot(null, null), file));
    }

    private FlowPane recordBar() {
        ChoiceBox<String> node = new ChoiceBox<>(vm.nodes());
        node.setId("node");
        node.valueProperty().bindBidirectional(vm.nodeProperty());
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.getItems().setAll(FlameViewModel.KINDS);
        kind.setId("kind");
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        kind.setTooltip(new Tooltip("cpu: on-CPU samples · alloc: allocated bytes · wall: elapsed time, waits included"));
        TextField seconds = new TextField();
        seconds.setId("seconds");
        seconds.getStyleClass().add("flame-seconds");
        seconds.setPrefColumnCount(4);
        seconds.textProperty().bindBidirectional(vm.secondsProperty());
        Tooltip secondsTip = new Tooltip();
        secondsTip.textProperty().bind(Bindings.when(vm.secondsProblemProperty().isEmpty())
                .then("seconds to record, 1 to 300").otherwise(vm.secondsProblemProperty()));
        seconds.setTooltip(secondsTip);
        vm.secondsProblemProperty().addListener((o, was, now) -> seconds.pseudoClassStateChanged(INVALID, !now.isEmpty()));
        Button record = new Button("Record");
        record.setId("record");
        record.disableProperty().bind(vm.canRecordProperty().not());
        record.setOnAction(e -> vm.record());
        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("flame-busy");
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.recordingProperty());
        busy.managedProperty().bind(vm.recordingProperty());

        ComboBox<RecordedProfile> profiles = new ComboBox<>(vm.profiles());
        profiles.setId("profiles");
        profiles.setPromptText("no profile yet");
        profiles.valueProperty().bindBidirectional(vm.selectedProperty());
        ComboBox<RecordedProfile> baseline = new ComboBox<>(vm.profiles());
        baseline.setId("baseline");
        baseline.setPromptText("baseline A");
        baseline.valueProperty().bindBidirectional(vm.baselineProperty());
        Button compare = new Button();
        compare.setId("compare");
        compare.textProperty().bind(Bindings.when(vm.comparedWithProperty().isNull()).then("Compare A → shown").otherwise("End compare"));
        compare.disableProperty().bind(vm.comparedWithProperty().isNull()
                .and(vm.baselineProperty().isNull().or(vm.selectedProperty().isNull())));
        compare.setOnAction(e -> {
            if (vm.comparedWithProperty().get() == null) {
                vm.compare();
            } else {
                vm.endCompare();
            }
        });
        compare.setTooltip(new Tooltip("Draw the shown profile B coloured by change from baseline A: red grew, blue shrank"));
        profiles.setPrefWidth(250);
        baseline.setPrefWidth(250);
        return bar(group(new Label("Node"), node), group(new Label("Kind"), kind), group(new Label("Seconds"), seconds),
                group(record, busy), group(new Label("Profile"), profiles), group(new Label("Baseline"), baseline, compare));
    }

    private FlowPane viewBar() {
        TextField search = new TextField();
        search.setId("search");
        search.setPromptText("search frames: text or /regex/");
        search.setPrefColumnCount(24);
        search.textProperty().bindBidirectional(vm.searchProperty());
        Label summary = new Label();
        summary.setId("search-summary");
        summary.getStyleClass().add("flame-search-summary");
        summary.textProperty().bind(vm.searchSummaryProperty());
        Button reset = new Button("Reset zoom");
        reset.setId("reset-zoom");
        reset.disableProperty().bind(vm.zoomedProperty().not());
        reset.setOnAction(e -> vm.resetZoom());
        Button collapsed = exportButton("export-collapsed", "Collapsed…", "Export collapsed stacks", ".collapsed", "*.collapsed",
                this::exportCollapsed);
        Button svg = exportButton("export-svg", "SVG…", "Export SVG", ".svg", "*.svg", this::exportSvg);
        Button png = exportButton("export-png", "PNG…", "Export PNG", ".png", "*.png", this::exportPng);
        return bar(group(search, summary), group(reset), group(new Label("Export"), collapsed, svg, png));
    }

    /** Controls that belong together (a label and its field) and so wrap together. */
    private static HBox group(Node... controls) {
        HBox group = new HBox(4, controls);
        group.setAlignment(Pos.CENTER_LEFT);
        return group;
    }

    /** A row of groups that wraps rather than hides what does not fit (a ToolBar would move it to an overflow menu). */
    private static FlowPane bar(Node... groups) {
        FlowPane bar = new FlowPane(14, 4, groups);
        bar.getStyleClass().add("flame-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        return bar;
    }

    private Button exportButton(String id, String text, String title, String suffix, String pattern,
                                Predicate<Path> export) {
        Button b = new Button(text);
        b.setId(id);
        b.disableProperty().bind(vm.selectedProperty().isNull());
        b.setOnAction(e -> saveTarget.choose(title, vm.fileStem() + suffix, pattern).ifPresent(export::test));
        return b;
    }

    private ScrollPane graph() {
        canvas.setId("flame");
        scroll.getStyleClass().add("flame-scroll");
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        scroll.viewportBoundsProperty().addListener((o, was, now) -> fit());
        vm.layoutProperty().addListener((o, was, now) -> {
            fit();
            canvas.show(now, HINT);
        });
        canvas.show(vm.layoutProperty().get(), HINT);
        canvas.setOnMouseMoved(e -> vm.hover(canvas.fractionAt(e.getX()), FlameCanvas.depthAt(e.getY())));
        canvas.setOnMouseExited(e -> vm.clearHover());
        canvas.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                vm.click(canvas.fractionAt(e.getX()), FlameCanvas.depthAt(e.getY()));
            }
        });
        return scroll;
    }

    /** The canvas as wide as the viewport and as tall as the graph, at least the viewport's height. */
    private void fit() {
        Bounds viewport = scroll.getViewportBounds();
        canvas.setWidth(Math.max(1, Math.floor(viewport.getWidth())));
        canvas.setHeight(Math.max(Math.floor(viewport.getHeight()), FlameCanvas.heightFor(vm.layoutProperty().get())));
    }

    private Label statusLine() {
        Label status = new Label();
        status.setId("flame-status");
        status.getStyleClass().add("flame-status");
        status.setMaxWidth(Double.MAX_VALUE);
        status.textProperty().bind(vm.statusProperty());
        return status;
    }

    private interface Write {
        void run() throws IOException;
    }

    private boolean write(String what, Path file, Write write) {
        try {
            write.run();
            vm.exported(what, file);
            return true;
        } catch (IOException | RuntimeException e) {
            vm.exportFailed(what, file, Calls.describe(e));
            return false;
        }
    }

    private Optional<Path> chooseFile(String title, String fileName, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(fileName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(pattern, pattern));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return Optional.ofNullable(file).map(File::toPath);
    }
}
