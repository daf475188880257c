package io.sluice.monitor.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.certs.Role;
import io.sluice.client.AdminClient;
import io.sluice.client.AdminEvent;
import io.sluice.client.ClientTls;
import io.sluice.client.NodeUnreachableException;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.TraceRecord;
import io.sluice.monitor.session.NodeState.Link;
import io.sluice.monitor.testing.LiveCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session against a real two-node cluster: one address is enough to find both members, both
 * live streams deliver, a stopped member is reported down with the reason and comes back up with
 * its stream when it returns, and a seed the monitor cannot reach fails the connect with why.
 */
class ClusterSessionIT {

    @TempDir
    Path data;

    @Test
    void discoversMembersFollowsThemDownAndBackUp() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data);
             ClusterSession session = cluster.session(0, "dana", Role.OPERATOR)) {
            AtomicReference<List<NodeState>> last = new AtomicReference<>(List.of());
            Set<String> metricsFrom = ConcurrentHashMap.newKeySet();
            Set<String> tracesFrom = ConcurrentHashMap.newKeySet();
            session.addListener(new ClusterSession.Listener() {
                @Override
                public void nodes(List<NodeState> nodes) {
                    last.set(nodes);
                }

                @Override
                public void event(String nodeId, AdminEvent event) {
                    if (event.data() instanceof MetricsSnapshot m) {
                        metricsFrom.add(m.node());
                    }
                    if (event.data() instanceof TraceRecord t) {
                        tracesFrom.add(t.node());
                    }
                }
            });
            assertThat(session.identity().mayAct()).isTrue();
            assertThat(session.identity().name()).isEqualTo("dana");

            waitUntil("both members up", () -> last.get().size() == 2 && last.get().stream().allMatch(NodeState::up));
            assertThat(last.get()).extracting(NodeState::nodeId).containsExactly("node-1", "node-2");
            assertThat(last.get().get(1).info().configVersion()).isEqualTo(1);
            waitUntil("metrics from both streams", () -> metricsFrom.size() == 2);

            // traces only while asked for: the nodes build every request's trace for a subscriber that wants them
            cluster.get(0, "/small");
            cluster.get(1, "/small");
            Thread.sleep(500);
            assertThat(tracesFrom).isEmpty();
            session.wantTraces(true);
            waitUntil("traces from both members", () -> {
                try {
                    cluster.get(0, "/small");
                    cluster.get(1, "/small");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return tracesFrom.size() == 2;
            });
            session.wantTraces(false);
            Thread.sleep(800); // streams reopened without traces at the next poll
            tracesFrom.clear();
            cluster.get(0, "/small");
            Thread.sleep(300);
            assertThat(tracesFrom).isEmpty();

            cluster.fixture().stop(1);
            waitUntil("node-2 down", () -> state(last.get(), "node-2").link() == Link.DOWN);
            NodeState down = state(last.get(), "node-2");
            assertThat(down.problem()).contains("unreachable");
            assertThat(down.info()).as("the last answer is kept while it is down").isNotNull();
            assertThat(state(last.get(), "node-1").up()).isTrue();

            metricsFrom.clear();
            cluster.fixture().startNode(1);
            // a restarted node listens on a new admin port: the member list tells the session
            waitUntil("node-2 back up", () -> state(last.get(), "node-2").up());
            waitUntil("node-2's stream reopened", () -> metricsFrom.contains("node-2"));
        }
    }

    @Test
    void aSeedThatCannotBeReachedFailsTheConnectWithTheReason() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(1, data)) {
            ClientTls tls = cluster.tls("dana", Role.OPERATOR);
            String closedPort = "https://127.0.0.1:1";
            ClusterSession session = new ClusterSession(
                    AdminClient.create(closedPort, tls.sslContext(), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                    Identity.of(tls.certificate()), ClusterSession.Timing.DEFAULT, InstantSource.system());
            assertThatThrownBy(session::start).isInstanceOf(NodeUnreachableException.class);
            session.close();
        }
    }

    private static NodeState state(List<NodeState> nodes, String id) {
        return nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
