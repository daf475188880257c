package io.sluice.monitor.breakers;

import io.sluice.client.AdminEvent;
import io.sluice.model.BreakerInfo;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.StreamEvent;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.Drainable;
import io.sluice.monitor.session.Identity;
import io.sluice.monitor.session.ReasonPrompt;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every breaker of the cluster per upstream and node, the operator actions on them, and the Trip,
 * Reset and Auto actions, which act on a breaker by name on every node.
 *
 * <p>Reading: one member's {@code /breakers} answer covers all live members (see
 * {@link BreakerReader}). {@link #drain()}, called by the app's {@code UiPump}, reads on the first
 * call, then every {@value #REFRESH_SECONDS} seconds, and at once after a {@code breaker} event
 * from any member's stream ({@link #event}); one read at a time, a refresh asked for meanwhile
 * runs when it ends. The nodes keep only the newest action per breaker, so the view model also
 * keeps every action it has seen this session (newest first): trip then auto shows both.
 *
 * <p>Acting: {@link #trip}, {@link #reset} and {@link #auto} ask a {@link ReasonPrompt} to confirm
 * and give a reason (cancelled or blank: nothing is sent), then send the override through
 * {@link BreakerActions} and read again. {@link #canActProperty() canAct} follows the certificate's
 * role so the view can disable the buttons for a viewer, but the view model does not rely on it:
 * the nodes decide, and a refusal (403) shows in {@link #messageProperty() message} like any error.
 */
public final class BreakersViewModel implements ClusterSession.Listener, Drainable {

    static final long REFRESH_SECONDS = 2;
    /** Operator actions kept for the "who did what" table. */
    static final int HISTORY = 200;

    private static final Comparator<BreakerRow> ORDER = Comparator.comparing(BreakerRow::upstream)
            .thenComparing(BreakerRow::breaker).thenComparing(BreakerRow::endpoint).thenComparing(BreakerRow::node);
    private static final Comparator<OverrideRow> NEWEST_FIRST = Comparator
            .comparing(OverrideRow::instant, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparingLong(OverrideRow::sequence).reversed();

    private final BreakerReader reader;
    private final BreakerActions actions;
    private final Identity identity;
    private final Calls calls;
    private final Clock clock;

    private final AtomicBoolean breakerEvent = new AtomicBoolean(); // set by I/O threads

    // UI thread only
    private boolean reading;
    private boolean readAgain;
    private Instant readAt;
    private String selectedKey;
    private final Map<String, OverrideRow> history = new LinkedHashMap<>();
    private final ObservableList<BreakerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<OverrideRow> overrides = FXCollections.observableArrayList();
    private final ObservableList<BreakerRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<OverrideRow> overridesView = FXCollections.unmodifiableObservableList(overrides);
    private final ReadOnlyBooleanWrapper canAct;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<BreakerRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Reading breakers…");

    /**
     * @param identity who the monitor acts as; {@link Identity#mayAct()} decides {@link #canActProperty()}
     * @param clock    the monitor's clock and time zone: refresh timing and how times are shown
     */
    public BreakersViewModel(BreakerReader reader, BreakerActions actions, Identity identity, Calls calls, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.canAct = new ReadOnlyBooleanWrapper(this, "canAct", identity.mayAct());
    }

    /** Every breaker on every live node, by upstream, breaker, endpoint and node. */
    public ObservableList<BreakerRow> rows() {
        return rowsView;
    }

    /** Operator actions seen this session, newest first. */
    public ObservableList<OverrideRow> overrides() {
        return overridesView;
    }

    /** True for an operator certificate: the nodes would accept its actions. */
    public ReadOnlyBooleanProperty canActProperty() {
        return canAct.getReadOnlyProperty();
    }

    /** True while an action is on its way to the cluster. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The row the actions apply to (its breaker, on every node); kept across refreshes by node and name. */
    public ReadOnlyObjectProperty<BreakerRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** What the last action did, or why the cluster refused it. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the table shows and when it was read, or why the last read failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "dana (operator)": who the actions are recorded as. */
    public String actingAs() {
        return identity.label();
    }

    /** Selects {@code row} (null: none) for the actions. */
    public void select(BreakerRow row) {
        selectedKey = row == null ? null : row.key();
        selected.set(row);
    }

    // ---- ClusterSession.Listener: I/O threads ----

    @Override
    public void event(String nodeId, AdminEvent event) {
        if (event.data() instanceof StreamEvent.Breaker || "breaker".equals(event.type())) {
            breakerEvent.set(true);
        }
    }

    // ---- UI thread ----

    /** Reads when due: first call, every {@value #REFRESH_SECONDS} s, or after a breaker event. */
    @Override
    public void drain() {
        Instant now = clock.instant();
        boolean changed = breakerEvent.getAndSet(false);
        if (changed || readAt == null || !now.isBefore(readAt.plusSeconds(REFRESH_SECONDS))) {
            refresh();
        }
    }

    /** Reads the breakers now (or right after the read in flight). */
    public void refresh() {
        if (reading) {
            readAgain = true;
            return;
        }
        reading = true;
        readAt = clock.instant();
        calls.run(reader::read, view -> {
            show(view);
            readDone();
        }, why -> {
            status.set("Breakers not read: " + why + (rows.isEmpty() ? "" : " (showing the last answer)"));
            readDone();
        });
    }

    /** Ends a read; runs the refresh asked for while it was on its way. */
    private void readDone() {
        reading = false;
        if (readAgain) {
            readAgain = false;
            refresh();
        }
    }

    private void show(BreakersView view) {
        Instant now = clock.instant();
        List<BreakerInfo> infos = view == null || view.breakers() == null ? List.of() : view.breakers();
        List<BreakerRow> next = new ArrayList<>(infos.size());
        Set<String> nodes = new HashSet<>();
        for (BreakerInfo b : infos) {
            next.add(BreakerRow.of(b, now, clock.getZone()));
            nodes.add(b.node());
        }
        next.sort(ORDER);
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        selected.set(selectedKey == null ? null
                : rows.stream().filter(r -> r.key().equals(selectedKey)).findFirst().orElse(null));
        if (view != null && view.overrides() != null) {
            view.overrides().forEach(o -> remember(o, now));
        }
        status.set(next.size() + (next.size() == 1 ? " breaker" : " breakers") + " on " + nodes.size()
                + (nodes.size() == 1 ? " node" : " nodes") + ", read at " + BreakerRow.time(now.toString(), now, clock.getZone()));
    }

    private void remember(BreakerOverrideInfo o, Instant now) {
        OverrideRow row = OverrideRow.of(o, now, clock.getZone());
        if (history.containsKey(row.key())) {
            return;
        }
        history.put(row.key(), row);
        List<OverrideRow> sorted = history.values().stream().sorted(NEWEST_FIRST).toList();
        if (sorted.size() > HISTORY) {
            sorted = sorted.subList(0, HISTORY);
            history.values().retainAll(sorted);
        }
        overrides.setAll(sorted);
    }

    /** Forces the selected breaker open on every node, after confirmation and a reason. */
    public void trip(ReasonPrompt prompt) {
        act(BreakerActions.TRIP, prompt);
    }

    /** Forces the selected breaker closed on every node (calls go through whatever their outcome). */
    public void reset(ReasonPrompt prompt) {
        act(BreakerActions.RESET, prompt);
    }

    /** Hands the selected breaker back to its own decisions on every node. */
    public void auto(ReasonPrompt prompt) {
        act(BreakerActions.AUTO, prompt);
    }

    private void act(String mode, ReasonPrompt prompt) {
        BreakerRow row = selected.get();
        if (row == null) {
            message.set("Select a breaker first.");
            return;
        }
        if (busy.get()) {
            return;
        }
        String breaker = row.breaker();
        Optional<String> answer = prompt.ask(title(mode, breaker), question(mode, breaker));
        String reason = answer == null ? "" : answer.map(String::strip).orElse("");
        if (reason.isEmpty()) {
            return; // cancelled: nothing reaches the cluster
        }
        busy.set(true);
        message.set(verb(mode) + " " + breaker + " on every node…");
        calls.run(() -> actions.override(breaker, mode, reason), done -> {
            busy.set(false);
            if (done != null) {
                remember(done, clock.instant());
            }
            message.set(done == null ? breaker + ": " + mode : said(done, breaker, reason));
            refresh();
        }, why -> {
            busy.set(false);
            message.set("Could not " + verb(mode).toLowerCase(Locale.ROOT) + " " + breaker + ": " + why);
        });
    }

    private static String title(String mode, String breaker) {
        return verb(mode) + " breaker " + breaker;
    }

    private static String question(String mode, String breaker) {
        return switch (mode) {
            case BreakerActions.TRIP -> "Every node answers 503 for " + breaker
                    + " without calling the upstream, until someone resets it or sets it back to auto.";
            case BreakerActions.RESET -> "Every node lets calls to " + breaker
                    + " through whatever their outcome, until someone sets it back to auto.";
            default -> "Every node's breaker " + breaker + " goes back to opening and closing by itself.";
        };
    }

    private static String verb(String mode) {
        return switch (mode) {
            case BreakerActions.TRIP -> "Trip";
            case BreakerActions.RESET -> "Reset";
            default -> "Auto";
        };
    }

    /** "dana tripped demo: drill", from what the cluster recorded. */
    private String said(BreakerOverrideInfo o, String breaker, String reason) {
        String who = o.actor() == null || o.actor().isBlank() ? identity.name() : o.actor();
        String what = o.breaker() == null ? breaker : o.breaker();
        String why = o.reason() == null || o.reason().isBlank() ? reason : o.reason();
        String did = switch (o.mode() == null ? "" : o.mode().toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "FORCED_OPEN" -> "tripped " + what;
            case "FORCED_CLOSED" -> "reset " + what + " (forced closed)";
            case "AUTO" -> "set " + what + " back to auto";
            default -> "set " + what + " to " + o.mode();
        };
        return who + " " + did + ": " + why;
    }
}
