package io.sluice.monitor.session;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one per-node resource (limits, certificates) from every member in turn, off the UI
 * thread. A member that is down is not called: its reading carries the link's reason instead, as
 * does a member whose call failed, so a view can show the others and name the missing ones.
 */
public final class MemberReads {

    private MemberReads() {
    }

    /** One member's answer ({@code value}) or why there is none ({@code problem}), and when. */
    public record Reading<T>(String nodeId, T value, String problem, Instant at) {

        public boolean ok() {
            return problem == null;
        }
    }

    /** Every current member, in the session's order; blocking. */
    public static <T> List<Reading<T>> readAll(List<NodeState> nodes, Function<String, T> read, InstantSource clock) {
        List<Reading<T>> out = new ArrayList<>();
        for (NodeState n : nodes) {
            if (!n.member()) {
                continue;
            }
            if (!n.up()) {
                out.add(new Reading<>(n.nodeId(), null, n.problem() == null ? "not connected yet" : n.problem(),
                        clock.instant()));
                continue;
            }
            try {
                out.add(new Reading<>(n.nodeId(), read.apply(n.nodeId()), null, clock.instant()));
            } catch (RuntimeException e) {
                out.add(new Reading<>(n.nodeId(), null, Calls.describe(e), clock.instant()));
            }
        }
        return out;
    }
}
