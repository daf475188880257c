package io.sluice.monitor.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.client.AdminEvent;
import io.sluice.client.AdminException;
import io.sluice.model.CertificateInfo;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.NodeInfo;
import io.sluice.model.Problem;
import io.sluice.monitor.overview.NodeRow.CertLevel;
import io.sluice.monitor.overview.NodeRow.Health;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.NodeState.Link;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overview's logic without a toolkit or a network: rows from node states, certificates, chart series. */
class OverviewViewModelTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final List<String> certReads = new ArrayList<>();
    private final Map<String, Object> certAnswers = new HashMap<>(); // List<CertificateInfo> or RuntimeException
    private final OverviewViewModel vm = new OverviewViewModel(this::certificates, Calls.inline(), clock);

    @SuppressWarnings("unchecked")
    private List<CertificateInfo> certificates(String nodeId) {
        certReads.add(nodeId);
        Object answer = certAnswers.getOrDefault(nodeId, List.of());
        if (answer instanceof RuntimeException e) {
            throw e;
        }
        return (List<CertificateInfo>) answer;
    }

    @Test
    void rowsSayHowEachNodeIsDoing() {
        vm.nodes(List.of(
                up("node-1", info("node-1", 3 * 3600 + 12 * 60 + 5, 7, null, false)),
                down("node-2", "127.0.0.1:19081 unreachable: Connection refused"),
                new NodeState("node-3", "https://n3", Link.CONNECTING, null, null, null, true),
                up("node-4", info("node-4", 50, 7, null, true)),
                up("node-5", info("node-5", 2 * 86400 + 4 * 3600, 6, "routes[2].upstream: no upstream 'x'", false))));
        vm.drain();

        assertThat(vm.rows()).extracting(NodeRow::nodeId).containsExactly("node-1", "node-2", "node-3", "node-4", "node-5");
        NodeRow one = vm.rows().get(0);
        assertThat(one.health()).isEqualTo(Health.UP);
        assertThat(one.healthText()).isEqualTo("up");
        assertThat(one.uptime()).isEqualTo("3 h 12 min");
        assertThat(one.configVersion()).isEqualTo(7);
        NodeRow two = vm.rows().get(1);
        assertThat(two.health()).isEqualTo(Health.DOWN);
        assertThat(two.healthText()).isEqualTo("down: 127.0.0.1:19081 unreachable: Connection refused");
        assertThat(two.uptime()).as("no uptime for a node that does not answer").isEmpty();
        assertThat(vm.rows().get(2).healthText()).isEqualTo("connecting");
        assertThat(vm.rows().get(3).health()).isEqualTo(Health.DRAINING);
        assertThat(vm.rows().get(3).uptime()).isEqualTo("50 s");
        NodeRow five = vm.rows().get(4);
        assertThat(five.health()).isEqualTo(Health.CONFIG_ERROR);
        assertThat(five.healthText()).isEqualTo("config error: routes[2].upstream: no upstream 'x'");
        assertThat(five.uptime()).isEqualTo("2 d 4 h");
    }

    @Test
    void aNodeThatLeftTheMemberListSaysSo() {
        vm.nodes(List.of(new NodeState("node-1", "https://n1", Link.UP, null, info("node-1", 10, 1, null, false),
                T0, false)));
        vm.drain();
        assertThat(vm.rows().getFirst().health()).isEqualTo(Health.LEFT);
    }

    @Test
    void certificatesAreReadWhenALinkComesUpThenEveryMinute() {
        certAnswers.put("node-1", List.of(cert("admin", 200), cert("listener:https", 6), cert("cluster-identity", 45)));
        vm.nodes(List.of(new NodeState("node-1", "https://n1", Link.CONNECTING, null, null, null, true)));
        vm.drain();
        assertThat(certReads).as("not before the node answers").isEmpty();

        vm.nodes(List.of(up("node-1", info("node-1", 10, 1, null, false))));
        vm.drain();
        assertThat(certReads).containsExactly("node-1");
        NodeRow row = vm.rows().getFirst();
        assertThat(row.certDaysLeft()).as("the soonest of the node's certificates").isEqualTo(6);
        assertThat(row.certLevel()).isEqualTo(CertLevel.DANGER);
        assertThat(row.certDaysText()).isEqualTo("6 d");
        assertThat(row.certNote()).startsWith("listener:https");

        clock.advance(Duration.ofSeconds(59));
        vm.drain();
        assertThat(certReads).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        certAnswers.put("node-1", List.of(cert("listener:https", 20)));
        vm.drain();
        assertThat(certReads).hasSize(2);
        assertThat(vm.rows().getFirst().certLevel()).isEqualTo(CertLevel.WARN);

        vm.nodes(List.of(down("node-1", "gone")));
        vm.drain();
        vm.nodes(List.of(up("node-1", info("node-1", 1, 1, null, false))));
        vm.drain();
        assertThat(certReads).as("read again when the link comes back up").hasSize(3);
    }

    @Test
    void aFailedCertificateReadKeepsTheLastAnswerAndSaysWhy() {
        certAnswers.put("node-1", List.of(cert("admin", 90)));
        vm.nodes(List.of(up("node-1", info("node-1", 10, 1, null, false))));
        vm.drain();
        assertThat(vm.rows().getFirst().certLevel()).isEqualTo(CertLevel.OK);

        certAnswers.put("node-1", new AdminException(500, new Problem("about:blank", "Internal Server Error", 500,
                "keystore unreadable", null, null)));
        clock.advance(Duration.ofSeconds(60));
        vm.drain();
        NodeRow row = vm.rows().getFirst();
        assertThat(row.certDaysLeft()).isEqualTo(90);
        assertThat(row.certNote()).contains("keystore unreadable").contains("500");
    }

    @Test
    void certificateLevels() {
        assertThat(row(null).certLevel()).isEqualTo(CertLevel.UNKNOWN);
        assertThat(row(30L).certLevel()).isEqualTo(CertLevel.OK);
        assertThat(row(29L).certLevel()).isEqualTo(CertLevel.WARN);
        assertThat(row(7L).certLevel()).isEqualTo(CertLevel.WARN);
        assertThat(row(6L).certLevel()).isEqualTo(CertLevel.DANGER);
        assertThat(row(-2L).certDaysText()).isEqualTo("expired 2 d ago");
    }

    @Test
    void seriesKeepTheLastFiveMinutes() {
        for (int s = 0; s < 400; s++) {
            vm.event("node-1", metrics("node-1", T0.plusSeconds(s), s, 0, 10));
        }
        clock.set(T0.plusSeconds(399));
        vm.drain();

        Charts charts = vm.charts();
        Charts.Series rps = Charts.find(charts.requests(), "node-1");
        assertThat(rps.points()).hasSize(OverviewViewModel.WINDOW_SECONDS);
        assertThat(rps.points().getFirst().second()).isEqualTo(T0.getEpochSecond() + 100);
        assertThat(rps.points().getLast().value()).isEqualTo(399);
        assertThat(charts.endSecond()).isEqualTo(T0.getEpochSecond() + 399);

        clock.advance(Duration.ofSeconds(250));
        vm.drain();
        assertThat(Charts.find(vm.charts().requests(), "node-1").points())
                .as("points slide out of the window as time passes").hasSize(50);
        clock.advance(Duration.ofSeconds(60));
        vm.drain();
        assertThat(vm.charts().isEmpty()).isTrue();
        assertThat(vm.charts().requests()).isEmpty();
    }

    @Test
    void theClusterLineSumsRequestsWeighsErrorsAndTakesTheWorstP99() {
        Instant s = T0.minusSeconds(1);
        vm.event("node-1", metrics("node-1", s, 100, 10, 40));
        vm.event("node-2", metrics("node-2", s, 300, 0, 120));
        vm.drain();

        Charts c = vm.charts();
        assertThat(c.requests()).extracting(Charts.Series::name).containsExactly("node-1", "node-2", Charts.CLUSTER);
        assertThat(Charts.find(c.requests(), Charts.CLUSTER).points()).containsExactly(new Charts.Point(s.getEpochSecond(), 400));
        assertThat(Charts.find(c.errorRate(), "node-1").points().getFirst().value()).isEqualTo(10.0);
        assertThat(Charts.find(c.errorRate(), "node-2").points().getFirst().value()).isEqualTo(0.0);
        assertThat(Charts.find(c.errorRate(), Charts.CLUSTER).points().getFirst().value())
                .as("all 5xx over all requests, not the mean of the nodes' rates").isEqualTo(2.5);
        assertThat(Charts.find(c.p99(), Charts.CLUSTER).points().getFirst().value()).isEqualTo(120.0);
    }

    @Test
    void aSecondWithoutRequestsHasNoErrorRate() {
        vm.event("node-1", metrics("node-1", T0, 0, 0, 0));
        vm.drain();
        assertThat(Charts.find(vm.charts().errorRate(), Charts.CLUSTER).points().getFirst().value()).isZero();
    }

    @Test
    void theClusterLineWaitsForASecondEveryReportingNodeHasSent() {
        vm.event("node-1", metrics("node-1", T0.minusSeconds(2), 10, 0, 1));
        vm.event("node-2", metrics("node-2", T0.minusSeconds(2), 10, 0, 1));
        vm.event("node-1", metrics("node-1", T0.minusSeconds(1), 10, 0, 1));
        vm.drain();
        assertThat(Charts.find(vm.charts().requests(), Charts.CLUSTER).points())
                .containsExactly(new Charts.Point(T0.getEpochSecond() - 2, 20));

        clock.advance(Duration.ofSeconds(10)); // node-2 stopped reporting: it no longer holds the line back
        vm.event("node-1", metrics("node-1", clock.instant().minusSeconds(1), 10, 0, 1));
        vm.drain();
        List<Charts.Point> cluster = Charts.find(vm.charts().requests(), Charts.CLUSTER).points();
        assertThat(cluster.getLast()).isEqualTo(new Charts.Point(clock.instant().getEpochSecond() - 1, 10));
    }

    @Test
    void chartsArePublishedAtMostOnceASecond() {
        vm.event("node-1", metrics("node-1", T0, 10, 0, 1));
        vm.drain();
        Charts first = vm.charts();
        vm.event("node-1", metrics("node-1", T0.plusMillis(500), 20, 0, 1));
        clock.advance(Duration.ofMillis(500));
        vm.drain();
        assertThat(vm.charts()).isSameAs(first);
        clock.advance(Duration.ofMillis(500));
        vm.drain();
        assertThat(vm.charts()).isNotSameAs(first);
        assertThat(Charts.find(vm.charts().requests(), "node-1").points())
                .as("a second sent twice keeps the later snapshot").containsExactly(new Charts.Point(T0.getEpochSecond(), 20));
    }

    @Test
    void heapComesFromTheLatestMetrics() {
        vm.nodes(List.of(up("node-1", info("node-1", 10, 1, null, false))));
        vm.event("node-1", new AdminEvent("metrics", "1", new MetricsSnapshot("node-1", T0.toString(), 1, 0, 1, 2, 0,
                300L * 1024 * 1024, 1), "{}"));
        vm.drain();
        assertThat(vm.rows().getFirst().heap()).isEqualTo("300 MiB");
        assertThat(Formats.bytes(3L * 1024 * 1024 * 1024 / 2)).isEqualTo("1.5 GiB");
    }

    @Test
    void otherEventsAreIgnored() {
        vm.event("node-1", new AdminEvent("trace", "1", "{}", "{}"));
        vm.drain();
        assertThat(vm.charts().isEmpty()).isTrue();
    }

    // ---- fixtures ----

    static NodeInfo info(String id, long uptime, long version, String configError, boolean draining) {
        return new NodeInfo(id, "0.1.0", T0.minusSeconds(uptime).toString(), uptime, version, configError, draining,
                "https://" + id, null);
    }

    static NodeState up(String id, NodeInfo info) {
        return new NodeState(id, "https://" + id, Link.UP, null, info, T0, true);
    }

    static NodeState down(String id, String problem) {
        return new NodeState(id, "https://" + id, Link.DOWN, problem, info(id, 10, 1, null, false), T0, true);
    }

    static AdminEvent metrics(String node, Instant at, double rps, double errors, double p99) {
        return new AdminEvent("metrics", null, new MetricsSnapshot(node, at.toString(), rps, errors, p99 / 2, p99, 0,
                100L * 1024 * 1024, 2), "{}");
    }

    static CertificateInfo cert(String use, long days) {
        return new CertificateInfo(use, "leaf", "CN=node-1", "CN=Test CA", "0a", null,
                T0.plus(Duration.ofDays(days)).toString(), days * 86400, days, "node.p12");
    }

    private static NodeRow row(Long days) {
        return new NodeRow("n", Link.UP, Health.UP, "up", "", 1L, days, "", "");
    }

    /** A clock the test moves by hand. */
    static final class TestClock implements InstantSource {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
