package io.sluice.monitor.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.client.NodeUnreachableException;
import io.sluice.model.LimiterUsage;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.NodeState.Link;
import io.sluice.monitor.session.UiThread;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rates from two readings, counter resets, nodes that are down or fail, and one read at a time. */
class LimitsViewModelTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<String, List<LimiterUsage>> usage = new ConcurrentHashMap<>();
    private List<NodeState> nodes = List.of(up("node-1"), up("node-2"));

    private LimitsViewModel vm(Calls calls) {
        return new LimitsViewModel(() -> nodes, this::readOrFail, calls, now::get);
    }

    @Test
    void ratesAreWorkedOutBetweenTwoRefreshes() {
        LimitsViewModel vm = vm(Calls.inline());
        usage.put("node-1", List.of(limiter("per-key", 100, 10)));
        usage.put("node-2", List.of(limiter("per-key", 5, 0), limiter("global", 1, 0)));

        vm.refresh();
        assertThat(vm.rows()).extracting(LimitRow::node, LimitRow::policy)
                .containsExactly(tuple("node-1", "per-key"), tuple("node-2", "global"), tuple("node-2", "per-key"));
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.hasRates()).as("no previous reading").isFalse());
        assertThat(vm.messageProperty().get()).isEmpty();

        now.set(now.get().plusSeconds(2));
        usage.put("node-1", List.of(limiter("per-key", 300, 30)));
        vm.refresh();

        LimitRow row = vm.rows().getFirst();
        assertThat(row.admitted()).isEqualTo(300);
        assertThat(row.admittedPerSecond()).isEqualTo(100.0);
        assertThat(row.rejectedPerSecond()).isEqualTo(10.0);
        assertThat(vm.rows().get(2).admittedPerSecond()).isZero();
    }

    @Test
    void aCounterThatWentDownShowsNoRateInsteadOfANegativeOne() {
        LimitsViewModel vm = vm(Calls.inline());
        usage.put("node-1", List.of(limiter("per-key", 500, 50)));
        usage.put("node-2", List.of());
        vm.refresh();
        now.set(now.get().plusSeconds(2));
        usage.put("node-1", List.of(limiter("per-key", 4, 0))); // the node restarted
        vm.refresh();

        assertThat(vm.rows().getFirst().hasRates()).isFalse();
        assertThat(LimitsView.perSecond(vm.rows().getFirst().admittedPerSecond())).isEqualTo("—");
    }

    @Test
    void aNodeThatIsDownIsNotAskedAndOneThatFailsIsNamed() {
        AtomicInteger asked = new AtomicInteger();
        nodes = List.of(up("node-1"), up("node-2"),
                new NodeState("node-3", "https://n3", Link.DOWN, "node-3:19080 unreachable: connection refused", null, null, true),
                new NodeState("node-4", "https://n4", Link.UP, null, null, Instant.EPOCH, false));
        usage.put("node-1", List.of(limiter("per-key", 1, 0)));
        LimitsViewModel vm = new LimitsViewModel(() -> nodes, id -> {
            asked.incrementAndGet();
            return readOrFail(id);
        }, Calls.inline(), now::get);

        vm.refresh();

        assertThat(asked).as("only the two members that are up").hasValue(2);
        assertThat(vm.rows()).extracting(LimitRow::node).containsExactly("node-1");
        assertThat(vm.messageProperty().get())
                .contains("node-2: node-2:19080 unreachable: connection refused")
                .contains("node-3: node-3:19080 unreachable: connection refused")
                .doesNotContain("node-4");
    }

    @Test
    void aRefreshWhileOneRunsIsSkipped() {
        List<Runnable> io = new ArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        usage.put("node-1", List.of(limiter("per-key", 1, 0)));
        usage.put("node-2", List.of());
        LimitsViewModel vm = new LimitsViewModel(() -> nodes, id -> {
            asked.incrementAndGet();
            return usage.get(id);
        }, new Calls(io::add, UiThread.inline()), now::get);

        vm.refresh();
        vm.refresh();
        vm.refresh();
        assertThat(io).hasSize(1);
        io.removeFirst().run();
        assertThat(asked).hasValue(2);
        assertThat(vm.rows()).hasSize(1);

        vm.refresh();
        assertThat(io).as("the next tick reads again").hasSize(1);
    }

    @Test
    void averageWaitIsPerShapedRequest() {
        LimitRow row = new LimitRow("node-1", "p", "node", 10, 0, 4, 8_000_000, 0, 0, 0, 1, Double.NaN, Double.NaN);
        assertThat(row.averageWaitMillis()).isEqualTo(2.0);
        assertThat(new LimitRow("node-1", "p", "node", 10, 0, 0, 0, 0, 0, 0, 1, 0, 0).averageWaitMillis()).isZero();
    }

    private List<LimiterUsage> readOrFail(String id) {
        List<LimiterUsage> u = usage.get(id);
        if (u == null) {
            throw new NodeUnreachableException(URI.create("https://" + id + ":19080"), "connection refused", new IOException());
        }
        return u;
    }

    static NodeState up(String id) {
        return new NodeState(id, "https://" + id, Link.UP, null, null, Instant.EPOCH, true);
    }

    static LimiterUsage limiter(String policy, long admitted, long rejected) {
        return new LimiterUsage(policy, "node", admitted, rejected, 0, 0, 0, 0, 0, 3);
    }

}
