package io.sluice.monitor.limits;

import io.sluice.model.LimiterUsage;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.MemberReads;
import io.sluice.monitor.session.MemberReads.Reading;
import io.sluice.monitor.session.NodeState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Rate-limit usage of every member, one row per node and policy. The nodes only count decisions
 * since a policy was configured; the rates an operator wants (admitted and rejected per second)
 * come from comparing two refreshes, timed with the {@link InstantSource} so tests can fake it.
 *
 * <p>Nothing here runs by itself: the app calls {@link #refresh()} on the UI thread every
 * {@link #REFRESH_EVERY}. A refresh still running when the next is due is not doubled; the tick
 * is skipped, so a slow node never stacks up calls. Members that are down are not asked (their
 * call would only wait for a timeout); the message says which ones and why.
 */
public final class LimitsViewModel {

    /** How often the app should call {@link #refresh()}. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(2);


    /** The counters of one policy on one node at one instant: the base of the next rates. */
    private record Sample(long admitted, long rejected, Instant at) {
    }

    private final Supplier<List<NodeState>> nodes;
    private final LimitsReader reader;
    private final Calls calls;
    private final InstantSource clock;
    private final ObservableList<LimitRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final Map<String, Sample> previous = new HashMap<>();
    private boolean loading;

    /**
     * @param nodes  the members to read, e.g. {@code session::nodes}; called off the UI thread
     * @param reader one node's usage
     * @param clock  times each reading, for the rates
     */
    public LimitsViewModel(Supplier<List<NodeState>> nodes, LimitsReader reader, Calls calls, InstantSource clock) {
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Node × policy, sorted by node then policy. */
    public ObservableList<LimitRow> rows() {
        return rows;
    }

    /** Which nodes could not be read and why; empty when every member answered. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Reads every member that is up, off the UI thread; UI thread only. Skipped while one is running. */
    public void refresh() {
        if (loading) {
            return;
        }
        loading = true;
        calls.run(this::readAll, this::show, why -> {
            loading = false;
            message.set("Limits not read: " + why);
        });
    }

    private List<Reading<List<LimiterUsage>>> readAll() {
        return MemberReads.readAll(nodes.get(), reader::limits, clock);
    }

    private void show(List<Reading<List<LimiterUsage>>> readings) {
        loading = false;
        List<LimitRow> next = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Sample> samples = new HashMap<>();
        for (Reading<List<LimiterUsage>> r : readings) {
            if (!r.ok()) {
                problems.add(r.nodeId() + ": " + r.problem());
                continue;
            }
            for (LimiterUsage u : r.value() == null ? List.<LimiterUsage>of() : r.value()) {
                String key = r.nodeId() + "\u0000" + u.policyId();
                Sample now = new Sample(u.admitted(), u.rejected(), r.at());
                Sample before = previous.get(key);
                samples.put(key, now);
                next.add(new LimitRow(r.nodeId(), u.policyId(), u.scope(), u.admitted(), u.rejected(), u.shaped(),
                        u.waitedNanos(), u.remoteCalls(), u.remoteFailures(), u.fallbacks(), u.keys(),
                        rate(before, now, before == null ? 0 : before.admitted(), u.admitted()),
                        rate(before, now, before == null ? 0 : before.rejected(), u.rejected())));
            }
        }
        // a node that did not answer this time starts its rates afresh when it answers again
        previous.clear();
        previous.putAll(samples);
        next.sort(Comparator.comparing(LimitRow::node).thenComparing(LimitRow::policy));
        rows.setAll(next);
        message.set(readings.isEmpty() ? "No member known yet." : String.join("; ", problems));
    }

    /** Per second between two samples; NaN without a previous sample, no time between, or a counter reset. */
    private static double rate(Sample before, Sample now, long then, long count) {
        if (before == null || count < then) {
            return Double.NaN;
        }
        long nanos = Duration.between(before.at(), now.at()).toNanos();
        return nanos <= 0 ? Double.NaN : (count - then) * 1e9 / nanos;
    }
}
