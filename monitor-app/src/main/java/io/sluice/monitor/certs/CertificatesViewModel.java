package io.sluice.monitor.certs;

import io.sluice.model.CertificateInfo;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.MemberReads;
import io.sluice.monitor.session.MemberReads.Reading;
import java.time.InstantSource;
import io.sluice.monitor.session.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every certificate every member uses, with the days it has left, so an operator sees a renewal
 * coming on any node from one table. Days left change slowly: the app calls {@link #refresh()}
 * every {@link #REFRESH_EVERY} and the view's button calls it on demand. One read at a time; a
 * refresh while one runs is ignored. Members that are down are not asked, and the message says so.
 */
public final class CertificatesViewModel {

    /** How often the app should call {@link #refresh()}. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(60);


    private final Supplier<List<NodeState>> nodes;
    private final CertificateReader reader;
    private final Calls calls;
    private final ObservableList<CertificateRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);

    /** @param nodes the members to read, e.g. {@code session::nodes}; called off the UI thread */
    public CertificatesViewModel(Supplier<List<NodeState>> nodes, CertificateReader reader, Calls calls) {
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Node × certificate, by node, in the order the node lists them. */
    public ObservableList<CertificateRow> rows() {
        return rows;
    }

    /** Which nodes could not be read and why, else which certificate expires first. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True while a read is running (the view disables its refresh button meanwhile). */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Reads every member that is up, off the UI thread; UI thread only. */
    public void refresh() {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        calls.run(this::readAll, this::show, why -> {
            loading.set(false);
            message.set("Certificates not read: " + why);
        });
    }

    private List<Reading<List<CertificateInfo>>> readAll() {
        return MemberReads.readAll(nodes.get(), reader::certificates, InstantSource.system());
    }

    private void show(List<Reading<List<CertificateInfo>>> readings) {
        loading.set(false);
        List<CertificateRow> next = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Reading<List<CertificateInfo>> r : readings) {
            if (!r.ok()) {
                problems.add(r.nodeId() + ": " + r.problem());
            } else if (r.value() != null) {
                r.value().forEach(c -> next.add(CertificateRow.of(r.nodeId(), c)));
            }
        }
        next.sort(Comparator.comparing(CertificateRow::node)); // stable: each node's own order stays
        rows.setAll(next);
        if (!problems.isEmpty()) {
            message.set(String.join("; ", problems));
        } else if (readings.isEmpty()) {
            message.set("No member known yet.");
        } else {
            message.set(summary(next, readings.size()));
        }
    }

    /** {@code 9 certificates on 2 nodes; first to expire: node-1 admin (leaf), 6 days left}. */
    static String summary(List<CertificateRow> rows, int nodeCount) {
        String counted = rows.size() + (rows.size() == 1 ? " certificate on " : " certificates on ")
                + nodeCount + (nodeCount == 1 ? " node" : " nodes");
        return rows.stream().min(Comparator.comparingLong(CertificateRow::daysLeft))
                .map(first -> counted + "; first to expire: " + first.node() + " " + first.use() + " (" + first.kind()
                        + "), " + days(first.daysLeft()))
                .orElse(counted);
    }

    private static String days(long daysLeft) {
        if (daysLeft < 0) {
            return "expired";
        }
        return daysLeft + (daysLeft == 1 ? " day left" : " days left");
    }
}
