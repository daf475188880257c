package io.sluice.monitor.config;

import io.sluice.client.AdminEvent;
import io.sluice.model.ConfigVersion;
import io.sluice.model.NodeInfo;
import io.sluice.model.StreamEvent;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.ReasonPrompt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The cluster's shared config: which version each member runs, the kept history, the YAML of the
 * selected version, and rolling back to an older one.
 *
 * <p>The config is cluster-wide (any member answers, through {@link ConfigAdmin}); the version a
 * member runs is its own and comes from the session's node polls ({@link #nodes}). A {@code config}
 * event on any member's stream means a version was applied, so the history is read again; the
 * events of all members for one change coalesce into at most one read in flight and one more
 * after it ({@link #refresh()}). Listener methods run on the session's I/O threads and only hand
 * over to the UI thread; everything else is UI-thread only.
 *
 * <p>Rolling back changes every node, so it asks the operator to confirm with a comment, is
 * disabled for viewers ({@link #canActProperty()}) and for the version that is already current.
 */
public final class ConfigViewModel implements ClusterSession.Listener {

    private final ConfigAdmin admin;
    private final Calls calls;
    private final ReadOnlyBooleanWrapper canAct;
    private final ObservableList<NodeVersionRow> nodeRows = FXCollections.observableArrayList();
    private final ObservableList<HistoryRow> history = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper currentVersion = new ReadOnlyLongWrapper(this, "currentVersion", 0);
    private final ReadOnlyLongWrapper selectedVersion = new ReadOnlyLongWrapper(this, "selectedVersion", 0);
    private final ReadOnlyStringWrapper yaml = new ReadOnlyStringWrapper(this, "yaml", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final BooleanBinding canRollback;
    /** Versions never change once accepted, so their text is kept while they are in the history. */
    private final Map<Long, String> texts = new HashMap<>();
    private final AtomicReference<List<NodeState>> pendingNodes = new AtomicReference<>();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private List<NodeState> lastNodes = List.of();
    private boolean loading;
    private boolean stale;
    private long selectAfterLoad;
    private long refreshedForRunning;
    private String readError;

    /** @param canAct whether the operator's certificate may change the cluster ({@code Identity.mayAct()}) */
    public ConfigViewModel(ConfigAdmin admin, Calls calls, boolean canAct) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.canAct = new ReadOnlyBooleanWrapper(this, "canAct", canAct);
        this.canRollback = Bindings.createBooleanBinding(
                () -> this.canAct.get() && !busy.get() && selectedVersion.get() > 0
                        && selectedVersion.get() != currentVersion.get(),
                this.canAct, busy, selectedVersion, currentVersion);
    }

    // ---- state for the view

    /** One row per member, sorted by node id. */
    public ObservableList<NodeVersionRow> nodeRows() {
        return nodeRows;
    }

    /** The kept versions, newest first. */
    public ObservableList<HistoryRow> history() {
        return history;
    }

    /** The cluster's newest version; 0 before the first read. */
    public ReadOnlyLongProperty currentVersionProperty() {
        return currentVersion.getReadOnlyProperty();
    }

    /** The version whose YAML is shown; 0 for none. */
    public ReadOnlyLongProperty selectedVersionProperty() {
        return selectedVersion.getReadOnlyProperty();
    }

    /** The selected version's YAML; empty while it is being read. */
    public ReadOnlyStringProperty yamlProperty() {
        return yaml.getReadOnlyProperty();
    }

    /** What went wrong, or what the last rollback did. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canActProperty() {
        return canAct.getReadOnlyProperty();
    }

    /** True while a rollback is on its way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** An operator, a selected version that is not the current one, and no rollback running. */
    public BooleanBinding canRollbackProperty() {
        return canRollback;
    }

    // ---- the session's news (I/O threads)

    /** Members changed: shows their running versions on the UI thread, the newest list only. */
    @Override
    public void nodes(List<NodeState> nodes) {
        if (pendingNodes.getAndSet(List.copyOf(nodes)) == null) {
            calls.ui().execute(() -> showNodes(pendingNodes.getAndSet(null)));
        }
    }

    /** A member applied a config version (or failed to): the history is stale. */
    @Override
    public void event(String nodeId, AdminEvent event) {
        if (event.data() instanceof StreamEvent.Config && refreshPending.compareAndSet(false, true)) {
            calls.ui().execute(() -> {
                refreshPending.set(false);
                refresh();
            });
        }
    }

    // ---- actions (UI thread)

    /**
     * Reads the current version and the history. While a read is in flight another call only marks
     * the view stale, and one more read follows when the first is done.
     */
    public void refresh() {
        if (loading) {
            stale = true;
            return;
        }
        loading = true;
        stale = false;
        calls.run(() -> new Loaded(admin.current(), admin.history()), this::loaded, why -> {
            loading = false;
            readError = "Config not read: " + why;
            message.set(readError);
            again();
        });
    }

    /** Shows {@code version}'s YAML, reading it if it is not known yet. */
    public void select(long version) {
        if (version <= 0 || version == selectedVersion.get() && !yaml.get().isEmpty()) {
            return;
        }
        selectedVersion.set(version);
        String known = texts.get(version);
        if (known != null) {
            yaml.set(known);
            return;
        }
        yaml.set("");
        calls.run(() -> admin.version(version), v -> {
            texts.put(version, v.yaml() == null ? "" : v.yaml());
            if (selectedVersion.get() == version) {
                yaml.set(texts.get(version));
            }
        }, why -> {
            if (selectedVersion.get() == version) {
                message.set("Version " + version + " not read: " + why);
            }
        });
    }

    /**
     * Rolls the cluster back to the selected version after the operator confirmed it with a
     * comment; does nothing if they cancel or give none, or if {@link #canRollbackProperty()} is false.
     */
    public void rollback(ReasonPrompt prompt) {
        if (!canRollback.get()) {
            return;
        }
        long target = selectedVersion.get();
        Optional<String> answer = prompt.ask("Roll back config to version " + target,
                "Roll back to version " + target + "? Every node applies it.");
        String comment = answer.map(String::strip).filter(c -> !c.isEmpty()).orElse(null);
        if (comment == null) {
            return;
        }
        busy.set(true);
        message.set("Rolling back to version " + target + "…");
        calls.run(() -> admin.rollback(target, comment), applied -> {
            busy.set(false);
            message.set("Version " + applied.version() + " is version " + target + " again; every node applies it.");
            selectAfterLoad = applied.version();
            refresh();
        }, why -> {
            busy.set(false);
            message.set("Rollback to version " + target + " refused: " + why);
        });
    }

    // ---- applying answers (UI thread)

    private record Loaded(ConfigVersion current, List<ConfigVersion> history) {
    }

    private void loaded(Loaded l) {
        loading = false;
        ConfigVersion head = l.current();
        boolean followHead = selectedVersion.get() == 0 || selectedVersion.get() == currentVersion.get();
        currentVersion.set(head.version());
        List<HistoryRow> rows = new ArrayList<>();
        Set<Long> kept = new HashSet<>();
        for (ConfigVersion v : l.history()) {
            rows.add(HistoryRow.of(v, head.version()));
            kept.add(v.version());
        }
        if (kept.add(head.version())) {
            rows.add(HistoryRow.of(head, head.version())); // a version newer than the history read
        }
        rows.sort(Comparator.comparingLong(HistoryRow::version).reversed());
        texts.keySet().retainAll(kept);
        if (head.yaml() != null) {
            texts.put(head.version(), head.yaml());
        }
        history.setAll(rows);
        if (readError != null && readError.equals(message.get())) {
            message.set("");
        }
        readError = null;

        long want = selectAfterLoad > 0 && kept.contains(selectAfterLoad) ? selectAfterLoad
                : followHead || !kept.contains(selectedVersion.get()) ? head.version() : selectedVersion.get();
        selectAfterLoad = 0;
        select(want);
        showNodes(lastNodes);
        again();
    }

    private void again() {
        if (stale) {
            refresh();
        }
    }

    private void showNodes(List<NodeState> nodes) {
        if (nodes == null) {
            return;
        }
        lastNodes = nodes;
        long newestRunning = nodes.stream().filter(NodeState::up).map(NodeState::info).filter(Objects::nonNull)
                .mapToLong(NodeInfo::configVersion).max().orElse(0);
        long head = Math.max(currentVersion.get(), newestRunning);
        List<NodeVersionRow> rows = new ArrayList<>();
        for (NodeState n : nodes) {
            if (n.member()) {
                rows.add(row(n, head));
            }
        }
        nodeRows.setAll(rows);
        // a member runs a version this view has not read (its config event may have been missed)
        if (newestRunning > currentVersion.get() && newestRunning > refreshedForRunning) {
            refreshedForRunning = newestRunning;
            refresh();
        }
    }

    private static NodeVersionRow row(NodeState n, long head) {
        NodeInfo info = n.info();
        long running = info == null ? 0 : info.configVersion();
        if (n.link() == NodeState.Link.DOWN) {
            return new NodeVersionRow(n.nodeId(), running, NodeVersionRow.State.DOWN, n.problem());
        }
        if (info == null) {
            return new NodeVersionRow(n.nodeId(), 0, NodeVersionRow.State.UNKNOWN, null);
        }
        if (info.configError() != null && !info.configError().isBlank()) {
            return new NodeVersionRow(n.nodeId(), running, NodeVersionRow.State.CONFIG_ERROR, info.configError());
        }
        if (running < head) {
            long by = head - running;
            return new NodeVersionRow(n.nodeId(), running, NodeVersionRow.State.BEHIND,
                    by + (by == 1 ? " version" : " versions"));
        }
        return new NodeVersionRow(n.nodeId(), running, NodeVersionRow.State.IN_STEP, null);
    }
}
