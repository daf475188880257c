package io.sluice.monitor.traces;

import io.sluice.client.AdminEvent;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.Drainable;
import io.sluice.monitor.session.NodeState;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live trace list: every member's traces, newest first, filtered by node, route, status and
 * minimum duration, with pause, and the details of the trace the operator selects.
 *
 * <p><b>Threads.</b> {@link #event} runs on the session's I/O threads and only queues (a bounded
 * {@link TraceIntake}: if the UI thread falls behind, the oldest waiting traces are skipped and
 * counted). Everything else runs on the UI thread: {@link #drain()} (the app's UiPump, four times
 * a second) takes what arrived and changes {@link #rows()} in one list change, whatever the
 * rate: new rows on top, the oldest beyond the bound off the bottom, never a replacement (see
 * {@link TraceRows}), so the table updates the rows in sight once per drain and reuses its cells.
 * The filter and selection setters run on user actions.
 *
 * <p><b>Bounds.</b> The table holds at most {@link Limits#rows()} traces. The newest
 * {@link Limits#history()} traces are kept unfiltered, so changing a filter re-filters from them
 * at once instead of waiting for new traffic. While paused, the list stays as it was, arrivals are
 * counted and kept aside (bounded the same way) and shown on resume.
 */
public final class TracesViewModel implements ClusterSession.Listener, Drainable {

    /** The choice that means "no filter" for node and route. */
    public static final String ALL = "All";

    /**
     * @param intake  traces that may wait for the next drain before the oldest are skipped
     * @param history unfiltered traces kept to re-filter from
     * @param rows    traces the table shows at most
     */
    public record Limits(int intake, int history, int rows) {
        public static final Limits DEFAULT = new Limits(5_000, 5_000, 1_000);

        public Limits {
            if (intake < 1 || history < 1 || rows < 1 || rows > history) {
                throw new IllegalArgumentException("limits must be positive, rows at most history: " + intake
                        + ", " + history + ", " + rows);
            }
        }
    }

    private final InstantSource clock;
    private final Limits limits;
    private final TraceIntake intake;
    private final AtomicLong droppedByNodes = new AtomicLong();
    private final AtomicReference<List<String>> pendingNodes = new AtomicReference<>();
    private final ArrivalRate arrivals;
    /** Newest first, unfiltered, at most {@link Limits#history()}. */
    private final ArrayDeque<TraceRecord> history = new ArrayDeque<>();
    /** Arrivals while paused, newest first, at most {@link Limits#history()}. */
    private final ArrayDeque<TraceRecord> held = new ArrayDeque<>();
    private TraceFilter filter = TraceFilter.ALL;

    private final TraceRows<TraceRecord> rows = new TraceRows<>();
    private final ObservableList<String> nodes = FXCollections.observableArrayList(ALL);
    private final ObservableList<String> routes = FXCollections.observableArrayList(ALL);
    private final ObjectProperty<String> nodeFilter = new SimpleObjectProperty<>(this, "nodeFilter", ALL);
    private final ObjectProperty<String> routeFilter = new SimpleObjectProperty<>(this, "routeFilter", ALL);
    private final ObjectProperty<StatusFilter> statusFilter = new SimpleObjectProperty<>(this, "statusFilter", StatusFilter.ALL);
    private final StringProperty minMillis = new SimpleStringProperty(this, "minMillis", "");
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final LongProperty newWhilePaused = new SimpleLongProperty(this, "newWhilePaused");
    private final LongProperty received = new SimpleLongProperty(this, "received");
    private final LongProperty dropped = new SimpleLongProperty(this, "dropped");
    private final LongProperty skipped = new SimpleLongProperty(this, "skipped");
    private final DoubleProperty perSecond = new SimpleDoubleProperty(this, "perSecond");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final StringProperty message = new SimpleStringProperty(this, "message");
    private final ObjectProperty<TraceRecord> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<Waterfall> waterfall = new SimpleObjectProperty<>(this, "waterfall", Waterfall.EMPTY);
    private final ObservableList<HeaderRow> headers = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");

    public TracesViewModel(InstantSource clock) {
        this(clock, Limits.DEFAULT);
    }

    public TracesViewModel(InstantSource clock, Limits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.intake = new TraceIntake(limits.intake());
        this.arrivals = new ArrivalRate(clock.instant());
        nodeFilter.addListener((o, was, now) -> refilter());
        routeFilter.addListener((o, was, now) -> refilter());
        statusFilter.addListener((o, was, now) -> refilter());
        minMillis.addListener((o, was, now) -> minMillisChanged(now));
        paused.addListener((o, was, now) -> pausedChanged(now));
        updateStatus();
    }

    // ---- I/O threads ---------------------------------------------------------------------------

    /** Queues traces and counts the node's drops; ignores every other event. Any thread. */
    @Override
    public void event(String nodeId, AdminEvent event) {
        Object data = event.data();
        if (data instanceof TraceRecord t && "trace".equals(event.type())) {
            intake.offer(t.node() == null ? withNode(t, nodeId) : t);
        } else if (data instanceof StreamEvent.Dropped d && "dropped".equals(event.type())) {
            droppedByNodes.addAndGet(Math.max(0, d.count()));
        }
    }

    /** Remembers the members for the node filter; applied at the next drain. Any thread. */
    @Override
    public void nodes(List<NodeState> members) {
        pendingNodes.set(members.stream().map(NodeState::nodeId).toList());
    }

    private static TraceRecord withNode(TraceRecord t, String node) {
        return new TraceRecord(t.traceId(), t.spanId(), t.parentSpanId(), t.requestId(), node, t.startEpochMicros(),
                t.durationMicros(), t.method(), t.host(), t.path(), t.protocol(), t.route(), t.upstream(), t.endpoint(),
                t.status(), t.failure(), t.attempts(), t.kept(), t.requestHeaders(), t.responseHeaders(), t.spans());
    }

    // ---- UI thread -----------------------------------------------------------------------------

    /** Applies what arrived since the last drain: one change of {@link #rows()} at most. */
    @Override
    public void drain() {
        List<String> members = pendingNodes.getAndSet(null);
        if (members != null) {
            setNodes(members);
        }
        List<TraceRecord> fresh = intake.drain();
        if (!fresh.isEmpty()) {
            learn(fresh);
            if (paused.get()) {
                remember(held, fresh);
                newWhilePaused.set(newWhilePaused.get() + fresh.size());
            } else {
                remember(history, fresh);
                show(fresh);
            }
        }
        long total = intake.received();
        received.set(total);
        skipped.set(intake.skipped());
        dropped.set(droppedByNodes.get());
        perSecond.set(arrivals.update(clock.instant(), total));
        updateStatus();
    }

    /** Adds node ids to the node filter's choices (sorted after {@link #ALL}); ids are never removed. */
    public void setNodes(List<String> nodeIds) {
        nodeIds.forEach(id -> addChoice(nodes, id));
    }

    /**
     * Sets the minimum duration from the operator's text: empty means none; anything but a
     * non-negative number of milliseconds leaves the filter as it was and says why.
     *
     * @return whether the text was accepted
     */
    public boolean setMinMillis(String text) {
        if (!Objects.equals(minMillis.get(), text)) {
            minMillis.set(text); // the listener parses it
        } else {
            minMillisChanged(text);
        }
        return message.get() == null;
    }

    /** Shows {@code trace}'s spans, headers and summary; null clears them. */
    public void select(TraceRecord trace) {
        if (trace == selected.get()) {
            return;
        }
        selected.set(trace);
        if (trace == null) {
            waterfall.set(Waterfall.EMPTY);
            headers.clear();
            summary.set("");
        } else {
            waterfall.set(Waterfall.of(trace));
            headers.setAll(HeaderRow.of(trace));
            summary.set(TraceFormat.summary(trace));
        }
    }

    private void learn(List<TraceRecord> fresh) {
        String lastNode = null;
        String lastRoute = null;
        for (TraceRecord t : fresh) {
            // consecutive traces mostly share node and route: skip the list search for those
            if (t.node() != null && !t.node().equals(lastNode)) {
                addChoice(nodes, lastNode = t.node());
            }
            if (t.route() != null && !t.route().equals(lastRoute)) {
                addChoice(routes, lastRoute = t.route());
            }
        }
    }

    /** Inserts {@code id} in order after {@link #ALL} unless present: the choice boxes keep their selection. */
    private static void addChoice(ObservableList<String> choices, String id) {
        int at = Collections.binarySearch(choices.subList(1, choices.size()), id);
        if (at < 0) {
            choices.add(-at - 1 + 1, id);
        }
    }

    /** Adds {@code fresh} (oldest first) at the head of {@code newestFirst}, keeping the newest {@link Limits#history()}. */
    private void remember(ArrayDeque<TraceRecord> newestFirst, List<TraceRecord> fresh) {
        int max = limits.history();
        for (int i = Math.max(0, fresh.size() - max); i < fresh.size(); i++) {
            newestFirst.addFirst(fresh.get(i));
        }
        while (newestFirst.size() > max) {
            newestFirst.removeLast();
        }
    }

    /** Puts the traces of {@code fresh} that pass the filter at the top of the list, in one change. */
    private void show(List<TraceRecord> fresh) {
        int max = limits.rows();
        List<TraceRecord> top = new ArrayList<>(Math.min(max, fresh.size()));
        for (int i = fresh.size() - 1; i >= 0 && top.size() < max; i--) {
            TraceRecord t = fresh.get(i);
            if (filter.test(t)) {
                top.add(t);
            }
        }
        rows.prepend(top, max);
    }

    /** Rebuilds the list from the kept history with the current filter. */
    private void refilter() {
        filter = new TraceFilter(choice(nodeFilter.get()), choice(routeFilter.get()),
                statusFilter.get() == null ? StatusFilter.ALL : statusFilter.get(), filter.minMicros());
        showHistory();
    }

    private void showHistory() {
        int max = limits.rows();
        List<TraceRecord> shown = new ArrayList<>(max);
        for (Iterator<TraceRecord> it = history.iterator(); it.hasNext() && shown.size() < max; ) {
            TraceRecord t = it.next();
            if (filter.test(t)) {
                shown.add(t);
            }
        }
        rows.replace(shown);
        updateStatus();
    }

    private static String choice(String value) {
        return value == null || ALL.equals(value) ? null : value;
    }

    private void minMillisChanged(String text) {
        String s = text == null ? "" : text.strip();
        long micros;
        if (s.isEmpty()) {
            micros = 0;
        } else {
            try {
                BigDecimal ms = new BigDecimal(s);
                if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
                    throw new NumberFormatException("out of range");
                }
                micros = ms.movePointRight(3).longValue();
            } catch (NumberFormatException e) {
                message.set("Minimum duration '" + s + "' is not a number of milliseconds (e.g. 250 or 2.5); "
                        + "the filter stays at " + TraceFormat.millis(filter.minMicros()) + " ms.");
                return;
            }
        }
        message.set(null);
        if (micros != filter.minMicros()) {
            filter = new TraceFilter(filter.node(), filter.route(), filter.status(), micros);
            showHistory();
        }
    }

    private void pausedChanged(boolean nowPaused) {
        if (!nowPaused) {
            List<TraceRecord> oldestFirst = new ArrayList<>(held.size());
            held.descendingIterator().forEachRemaining(oldestFirst::add);
            held.clear();
            remember(history, oldestFirst);
            newWhilePaused.set(0);
            showHistory();
        }
        updateStatus();
    }

    private void updateStatus() {
        StringBuilder sb = new StringBuilder();
        sb.append(TraceFormat.count(Math.round(perSecond.get()))).append(" traces/s")
                .append(" · showing ").append(TraceFormat.count(rows.size()))
                .append(" of ").append(TraceFormat.count(history.size())).append(" kept")
                .append(" (").append(TraceFormat.count(received.get())).append(" received)")
                .append(" · dropped by nodes ").append(TraceFormat.count(dropped.get()))
                .append(" · skipped by the monitor ").append(TraceFormat.count(skipped.get()));
        if (paused.get()) {
            sb.append(" · paused: ").append(TraceFormat.count(newWhilePaused.get())).append(" new while paused");
        }
        status.set(sb.toString());
    }

    // ---- what the view binds to ----------------------------------------------------------------

    /** The table: newest first, filtered, at most {@link Limits#rows()}; read-only. */
    public ObservableList<TraceRecord> rows() {
        return rows;
    }

    /** {@link #ALL} then every node id seen (from the session or from traces), sorted. */
    public ObservableList<String> nodes() {
        return nodes;
    }

    /** {@link #ALL} then every route id seen in traces, sorted. */
    public ObservableList<String> routes() {
        return routes;
    }

    public ObjectProperty<String> nodeFilterProperty() {
        return nodeFilter;
    }

    public ObjectProperty<String> routeFilterProperty() {
        return routeFilter;
    }

    public ObjectProperty<StatusFilter> statusFilterProperty() {
        return statusFilter;
    }

    /** The minimum duration as the operator types it, in milliseconds; see {@link #setMinMillis}. */
    public StringProperty minMillisProperty() {
        return minMillis;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public boolean isPaused() {
        return paused.get();
    }

    /** Traces received since the list was paused (0 when not paused). */
    public ReadOnlyLongProperty newWhilePausedProperty() {
        return newWhilePaused;
    }

    /** Traces received from all streams since this view model was made. */
    public ReadOnlyLongProperty receivedProperty() {
        return received;
    }

    /** Events the nodes dropped because this monitor read too slowly ({@code dropped} events). */
    public ReadOnlyLongProperty droppedProperty() {
        return dropped;
    }

    /** Traces received but discarded by the monitor before it could show them (UI thread behind). */
    public ReadOnlyLongProperty skippedProperty() {
        return skipped;
    }

    /** Traces received per second over the last second. */
    public ReadOnlyDoubleProperty perSecondProperty() {
        return perSecond;
    }

    /** One line: rate, shown / kept / received, dropped, skipped, new while paused. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** Why the operator's last input was not applied; null when it was. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyObjectProperty<TraceRecord> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Waterfall> waterfallProperty() {
        return waterfall;
    }

    /** The selected trace's request headers, then its response headers. */
    public ObservableList<HeaderRow> headers() {
        return headers;
    }

    /** The selected trace in three lines (see {@link TraceFormat#summary}); empty when none. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }
}
