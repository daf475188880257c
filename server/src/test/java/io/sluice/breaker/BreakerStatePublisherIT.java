package io.sluice.breaker;

import static io.sluice.breaker.Upstreams.counting;
import static io.sluice.breaker.Upstreams.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.breaker.BreakerOverride.Mode;
import io.sluice.cluster.TestMembers;
import io.sluice.config.UpstreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each node's breaker states, read through any node. */
@Timeout(60)
class BreakerStatePublisherIT {

    private static final List<UpstreamConfig> UPSTREAMS = List.of(
            upstream("api", counting("upstream")),
            upstream("pool", counting("endpoint"), "http://10.0.0.1:8080", "http://10.0.0.2:8080"));

    @TempDir
    Path data;

    @Test
    void shouldShowEveryNodesBreakersAndTransitionsThroughAnyNode() {
        List<Node> nodes = Node.start(TestMembers.configs(3, data), UPSTREAMS);
        List<BreakerStatePublisher> publishers = new ArrayList<>();
        try {
            for (Node n : nodes) {
                publishers.add(new BreakerStatePublisher(n.hz(), n.breakers(), InstantSource.system(), Duration.ofMillis(100)));
            }
            for (int i = 0; i < 4; i++) {
                nodes.get(1).breakers().acquire("api", null).onFailure(1_000_000);
            }
            nodes.get(2).store().put(BreakerOverride.request("pool@http://10.0.0.2:8080", Mode.FORCED_OPEN, "alice", "draining host", Instant.now()));

            Map<String, List<BreakerSnapshot>> states = await(nodes.get(0), s ->
                    s.size() == 3
                            && state(s.get("node-2"), "api") == BreakerState.OPEN
                            && state(s.get("node-1"), "pool@http://10.0.0.2:8080") == BreakerState.FORCED_OPEN
                            && state(s.get("node-3"), "pool@http://10.0.0.2:8080") == BreakerState.FORCED_OPEN);
            assertThat(state(states.get("node-1"), "api")).isEqualTo(BreakerState.CLOSED);
            assertThat(state(states.get("node-3"), "pool@http://10.0.0.1:8080")).isEqualTo(BreakerState.CLOSED);
            BreakerSnapshot api2 = find(states.get("node-2"), "api");
            assertThat(api2.failureRate()).isEqualTo(100f);
            assertThat(api2.callsInWindow()).isEqualTo(4);
            BreakerSnapshot forced = find(states.get("node-1"), "pool@http://10.0.0.2:8080");
            assertThat(forced.mode()).isEqualTo(Mode.FORCED_OPEN);
            assertThat(forced.override().actor()).isEqualTo("alice");
            assertThat(forced.override().reason()).isEqualTo("draining host");
            assertThat(forced.endpoint()).isEqualTo("http://10.0.0.2:8080");

            Map<String, List<BreakerTransition>> transitions = BreakerStatePublisher.clusterTransitions(nodes.get(2).hz());
            assertThat(transitions.get("node-2")).extracting(t -> t.breaker() + " " + t.from() + ">" + t.to())
                    .contains("api CLOSED>OPEN", "pool@http://10.0.0.2:8080 CLOSED>FORCED_OPEN");
            assertThat(transitions.get("node-1")).extracting(t -> t.breaker() + " " + t.from() + ">" + t.to())
                    .containsExactly("pool@http://10.0.0.2:8080 CLOSED>FORCED_OPEN");

            publishers.get(2).close();
            await(nodes.get(0), s -> !s.containsKey("node-3"));
            nodes.get(1).kill();
            await(nodes.get(0), s -> s.keySet().equals(java.util.Set.of("node-1")));
        } finally {
            publishers.forEach(BreakerStatePublisher::close);
            Node.closeAll(nodes);
        }
    }

    @Test
    void shouldPublishNothingOnAStandaloneNode() {
        try (LocalOverrideStore store = new LocalOverrideStore(null);
             Breakers breakers = new Breakers("solo", InstantSource.system(), store)) {
            BreakerStatePublisher publisher = new BreakerStatePublisher(null, breakers, InstantSource.system(), Duration.ofMillis(10));
            breakers.configure(UPSTREAMS);
            breakers.acquire("api", null).onFailure(1);
            publisher.close();
            assertThat(breakers.snapshot()).hasSize(3);
        }
    }

    private static Map<String, List<BreakerSnapshot>> await(Node via, Predicate<Map<String, List<BreakerSnapshot>>> done) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            Map<String, List<BreakerSnapshot>> states = BreakerStatePublisher.clusterStates(via.hz());
            if (done.test(states)) {
                return states;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cluster states never matched; last seen " + states);
            }
            Node.sleep(50);
        }
    }

    private static BreakerState state(List<BreakerSnapshot> node, String breaker) {
        return node == null ? null : node.stream().filter(s -> s.name().equals(breaker)).map(BreakerSnapshot::state).findFirst().orElse(null);
    }

    private static BreakerSnapshot find(List<BreakerSnapshot> node, String breaker) {
        return node.stream().filter(s -> s.name().equals(breaker)).findFirst().orElseThrow();
    }
}
