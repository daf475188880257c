package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.NodeState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The flame graph tab: what to record (node, kind, seconds), the profiles recorded so far, the one
 * shown (or the two compared), and how it is looked at (zoom, search, hover). Every change of
 * profile, zoom or search produces a new {@link FlameLayout}, which the view only paints.
 *
 * <p>A profile blocks its node's admin call for its whole duration (up to 300 s), so recording
 * runs through {@link Calls} and the tab stays usable; a node records one profile at a time and
 * answers 409 to a second, which shows as the message. Recording needs an operator certificate
 * ({@code POST}); looking at what was recorded does not.
 *
 * <p>Also a {@link ClusterSession.Listener}: it keeps the node choice in step with the members
 * (handed to the UI thread), so the composition root only registers it.
 */
public final class FlameViewModel implements ClusterSession.Listener {

    /** What the admin API records: on-CPU samples, allocated bytes, wall-clock time. */
    public static final List<String> KINDS = List.of("cpu", "alloc", "wall");
    /** Profiles kept for showing and comparing; the oldest goes first. */
    public static final int MAX_PROFILES = 8;
    /** Frames narrower than this share of the zoom root are not laid out: under a pixel on any screen. */
    static final double MIN_FRACTION = 1e-4;

    /** Records one profile on one node; blocks for its duration. */
    @FunctionalInterface
    public interface Recorder {
        ProfileResult record(String nodeId, ProfileRequest request);
    }

    private final Recorder recorder;
    private final Calls calls;
    private final ReadOnlyBooleanWrapper canAct;

    private final ObservableList<String> nodes = FXCollections.observableArrayList();
    private final ObjectProperty<String> node = new SimpleObjectProperty<>();
    private final ObjectProperty<String> kind = new SimpleObjectProperty<>("cpu");
    private final StringProperty seconds = new SimpleStringProperty("10");
    private final ReadOnlyStringWrapper secondsProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
    private final BooleanBinding canRecord;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    private final ObservableList<RecordedProfile> profiles = FXCollections.observableArrayList();
    private final ObjectProperty<RecordedProfile> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<RecordedProfile> baseline = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<RecordedProfile> comparedWith = new ReadOnlyObjectWrapper<>();
    private DiffNode diff;

    private final ReadOnlyObjectWrapper<List<String>> zoom = new ReadOnlyObjectWrapper<>(List.of());
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper searchSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<FlameLayout> layout = new ReadOnlyObjectWrapper<>(FlameLayout.empty());
    private final ReadOnlyBooleanWrapper zoomed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper("");
    private final StringBinding status;

    /**
     * @param recorder records a profile on a node (the app: {@code session.client(node).profile(request)})
     * @param calls    runs the recorder off the UI thread
     * @param canAct   whether the certificate may record ({@code Identity.mayAct()})
     */
    public FlameViewModel(Recorder recorder, Calls calls, boolean canAct) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.canAct = new ReadOnlyBooleanWrapper(canAct);
        seconds.addListener((o, was, now) -> validateSeconds());
        canRecord = this.canAct.and(recording.not()).and(node.isNotNull()).and(kind.isNotNull())
                .and(secondsProblem.isEmpty());
        status = Bindings.createStringBinding(() -> hover.get().isEmpty() ? message.get() : hover.get(), hover, message);
        selected.addListener((o, was, now) -> {
            comparedWith.set(null);
            diff = null;
            zoom.set(List.of());
            rebuild();
        });
        search.addListener((o, was, now) -> rebuild());
        if (!canAct) {
            message.set("recording profiles needs an operator certificate; recorded profiles can still be viewed");
        }
    }

    // ---- what to record

    /** The node ids to choose from (members, by id); keeps the chosen node when it is still there. UI thread. */
    public void setNodes(List<String> ids) {
        if (!nodes.equals(ids)) {
            String keep = node.get();
            nodes.setAll(ids);
            node.set(keep != null && ids.contains(keep) ? keep : ids.isEmpty() ? null : ids.getFirst());
        } else if (node.get() == null && !ids.isEmpty()) {
            node.set(ids.getFirst());
        }
    }

    /** From the session's threads: hands the member ids to the UI thread. */
    @Override
    public void nodes(List<NodeState> states) {
        List<String> ids = states.stream().filter(NodeState::member).map(NodeState::nodeId).toList();
        calls.ui().execute(() -> setNodes(ids));
    }

    /** Starts recording on the chosen node; the result is added and shown when it arrives. */
    public void record() {
        if (!canRecord.get()) {
            message.set(whyNotRecord());
            return;
        }
        String on = node.get();
        String k = kind.get();
        int secs = Integer.parseInt(seconds.get().strip());
        recording.set(true);
        message.set("recording " + k + " on " + on + " for " + secs + " s…");
        calls.run(() -> recorder.record(on, new ProfileRequest(k, secs)), result -> {
            recording.set(false);
            showProfile(result);
            message.set("recorded " + k + " on " + on + " for " + secs + " s: "
                    + FrameText.amount(selected.get().root().total(), result.unit()));
        }, why -> {
            recording.set(false);
            message.set("recording " + k + " on " + on + " failed: " + why);
        });
    }

    private String whyNotRecord() {
        if (!canAct.get()) {
            return "recording profiles needs an operator certificate";
        }
        if (recording.get()) {
            return "a profile is being recorded";
        }
        if (node.get() == null) {
            return "choose a node to record on";
        }
        if (kind.get() == null) {
            return "choose cpu, alloc or wall";
        }
        return secondsProblem.get();
    }

    private void validateSeconds() {
        String s = seconds.get() == null ? "" : seconds.get().strip();
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            n = 0;
        }
        secondsProblem.set(n >= 1 && n <= 300 ? "" : "seconds must be a whole number from 1 to 300");
    }

    // ---- which profile

    /** Adds {@code result} as the newest profile (at most {@link #MAX_PROFILES} are kept) and shows it. UI thread. */
    public void showProfile(ProfileResult result) {
        RecordedProfile p = profiles.stream()
                .filter(h -> Objects.equals(h.result().id(), result.id()) && Objects.equals(h.result().node(), result.node()))
                .findFirst().orElse(null);
        if (p == null) {
            p = new RecordedProfile(result);
            profiles.addFirst(p);
            while (profiles.size() > MAX_PROFILES) {
                RecordedProfile gone = profiles.removeLast();
                if (gone.equals(baseline.get())) {
                    baseline.set(null);
                }
            }
        }
        RecordedProfile previous = selected.get();
        if (baseline.get() == null && previous != null && previous != p && previous.kind().equals(p.kind())) {
            baseline.set(previous); // the natural comparison: what was shown before against the new one
        }
        selected.set(p);
        message.set("showing " + p.label());
    }

    /** Shows B's weights coloured by how each frame's share changed from baseline A. */
    public void compare(RecordedProfile a, RecordedProfile b) {
        if (a == null || b == null) {
            message.set("choose a baseline and a profile to compare");
            return;
        }
        if (!Objects.equals(a.kind(), b.kind())) {
            message.set("only profiles of one kind compare: A is " + a.kind() + ", B is " + b.kind());
            return;
        }
        selected.set(b);
        diff = FlameDiff.merge(a.root(), b.root());
        comparedWith.set(a);
        rebuild();
        message.set("red grew, blue shrank from A (" + a.label() + ") to B (" + b.label() + ")");
    }

    /** Compares the chosen baseline with the shown profile. */
    public void compare() {
        compare(baseline.get(), selected.get());
    }

    /** Back to the plain graph of the shown profile. */
    public void endCompare() {
        if (comparedWith.get() != null) {
            comparedWith.set(null);
            diff = null;
            rebuild();
            message.set(selected.get() == null ? "" : "showing " + selected.get().label());
        }
    }

    // ---- looking at it

    /** Makes the frame at {@code path} (names from the root) full width. */
    public void zoom(List<String> path) {
        zoom.set(List.copyOf(path));
        rebuild();
    }

    public void resetZoom() {
        zoom.set(List.of());
        rebuild();
    }

    /**
     * A click at {@code x} (0..1 of the width) in row {@code depth}: zooms to that frame, or back out
     * when it is the root or above the current zoom root.
     */
    public void click(double x, int depth) {
        layout.get().frameAt(x, depth).ifPresent(f -> {
            if (f.depth() == 0) {
                resetZoom();
            } else {
                zoom(f.path());
            }
        });
    }

    /** The mouse over {@code x} (0..1) in row {@code depth}: names the frame there, or clears. */
    public void hover(double x, int depth) {
        RecordedProfile p = selected.get();
        hover.set(p == null ? "" : layout.get().frameAt(x, depth).map(f -> FrameText.describe(f, p.unit())).orElse(""));
    }

    public void clearHover() {
        hover.set("");
    }

    private void rebuild() {
        RecordedProfile p = selected.get();
        hover.set("");
        if (p == null) {
            layout.set(FlameLayout.empty());
            zoomed.set(false);
            searchSummary.set("");
            return;
        }
        Predicate<String> match = null;
        String summary = "";
        try {
            match = FlameSearch.matcher(search.get());
        } catch (PatternSyntaxException e) {
            summary = "not a regular expression: " + e.getDescription();
        }
        FlameNode root = p.root();
        FlameLayout next = diff != null ? FlameLayout.of(diff, zoom.get(), MIN_FRACTION, match)
                : FlameLayout.of(root, zoom.get(), MIN_FRACTION, match);
        if (match != null) {
            summary = FrameText.matches(FlameSearch.search(root, match), p.unit());
        }
        searchSummary.set(summary);
        layout.set(next);
        zoomed.set(next.zoomed());
    }

    // ---- exports

    /** The shown profile (B when comparing) as collapsed stacks; empty without one. */
    public String collapsed() {
        return selected.get() == null ? "" : CollapsedExport.collapsed(selected.get().root());
    }

    /** The graph as drawn now, {@code width} pixels wide, as an SVG document. */
    public String svg(int width) {
        RecordedProfile p = selected.get();
        return SvgExport.svg(layout.get(), width, caption(), p == null ? "samples" : p.unit());
    }

    /** What the graph shows, for export captions. */
    public String caption() {
        RecordedProfile p = selected.get();
        if (p == null) {
            return "no profile";
        }
        RecordedProfile a = comparedWith.get();
        return a == null ? p.label() : "A " + a.label() + " → B " + p.label();
    }

    /** A file name without extension for exports of the shown profile. */
    public String fileStem() {
        RecordedProfile p = selected.get();
        return p == null ? "flame" : p.fileStem() + (comparedWith.get() == null ? "" : "-diff");
    }

    /** The view wrote an export. */
    public void exported(String what, Path file) {
        message.set("wrote " + what + " to " + file);
    }

    /** The view could not write an export. */
    public void exportFailed(String what, Path file, String why) {
        message.set("could not write " + what + " to " + file + ": " + why);
    }

    // ---- properties

    public ObservableList<String> nodes() {
        return nodes;
    }

    public ObjectProperty<String> nodeProperty() {
        return node;
    }

    public ObjectProperty<String> kindProperty() {
        return kind;
    }

    /** Seconds to record, as typed; see {@link #secondsProblemProperty()}. */
    public StringProperty secondsProperty() {
        return seconds;
    }

    /** Why the seconds are not accepted; empty when they are. */
    public ReadOnlyStringProperty secondsProblemProperty() {
        return secondsProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canActProperty() {
        return canAct.getReadOnlyProperty();
    }

    /** True when Record would start a recording now. */
    public BooleanBinding canRecordProperty() {
        return canRecord;
    }

    /** The last thing that happened: recording, recorded, failed, exported. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The hovered frame's description while there is one, else the message. */
    public StringBinding statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty hoverProperty() {
        return hover.getReadOnlyProperty();
    }

    /** Newest first. */
    public ObservableList<RecordedProfile> profiles() {
        return profiles;
    }

    /** The profile shown (B when comparing). */
    public ObjectProperty<RecordedProfile> selectedProperty() {
        return selected;
    }

    /** The baseline A the compare button uses. */
    public ObjectProperty<RecordedProfile> baselineProperty() {
        return baseline;
    }

    /** The baseline of the comparison shown; null when a plain graph is shown. */
    public ReadOnlyObjectProperty<RecordedProfile> comparedWithProperty() {
        return comparedWith.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<String>> zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty zoomedProperty() {
        return zoomed.getReadOnlyProperty();
    }

    /** Text or {@code /regex/}; matching frames are highlighted. */
    public StringProperty searchProperty() {
        return search;
    }

    /** {@code 12 matches, 34.5 % of samples}; empty without a search. */
    public ReadOnlyStringProperty searchSummaryProperty() {
        return searchSummary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FlameLayout> layoutProperty() {
        return layout.getReadOnlyProperty();
    }
}
