package io.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {

    private final Endpoint a = endpoint("http://10.0.0.1:8080", 1);
    private final Endpoint b = endpoint("http://10.0.0.2:8080", 1);
    private final Endpoint c = endpoint("http://10.0.0.3:8080", 1);

    private static Endpoint endpoint(String url, int weight) {
        return new Endpoint(URI.create(url), weight);
    }

    private static List<Endpoint> picks(LoadBalancer balancer, int n, Endpoint avoid) {
        List<Endpoint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(balancer.pick(avoid));
        }
        return out;
    }

    private static Map<Endpoint, Integer> counts(List<Endpoint> picks) {
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (Endpoint e : picks) {
            counts.merge(e, 1, Integer::sum);
        }
        return counts;
    }

    private static int longestRun(List<Endpoint> picks) {
        int longest = 0;
        int run = 0;
        Endpoint previous = null;
        for (Endpoint e : picks) {
            run = e == previous ? run + 1 : 1;
            previous = e;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    // ---- kinds ----

    @Test
    void shouldBuildRoundRobinWhenKindIsRoundRobin() {
        assertThat(LoadBalancer.of("round-robin", List.of(a, b))).isInstanceOf(LoadBalancer.RoundRobin.class);
    }

    @Test
    void shouldBuildWeightedWhenKindIsWeighted() {
        assertThat(LoadBalancer.of("weighted", List.of(a, b))).isInstanceOf(LoadBalancer.Weighted.class);
    }

    @Test
    void shouldBuildLeastRequestWhenKindIsLeastRequest() {
        assertThat(LoadBalancer.of("least-request", List.of(a, b))).isInstanceOf(LoadBalancer.LeastRequest.class);
    }

    // ---- round robin ----

    @Test
    void shouldCycleThroughEndpointsInOrderWhenRoundRobin() {
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(a, b, c));

        assertThat(picks(rr, 7, null)).containsExactly(a, b, c, a, b, c, a);
    }

    @Test
    void shouldSkipAvoidedEndpointWhenRoundRobinWouldPickIt() {
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(a, b, c));
        rr.pick(null);

        assertThat(rr.pick(b)).isSameAs(c);
    }

    @Test
    void shouldNeverPickAvoidedEndpointWhenRoundRobinHasTwo() {
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(a, b));

        assertThat(picks(rr, 50, a)).containsOnly(b);
    }

    @Test
    void shouldPickAvoidedEndpointWhenRoundRobinHasOnlyOne() {
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(a));

        assertThat(rr.pick(a)).isSameAs(a);
    }

    // ---- weighted ----

    @Test
    void shouldSplitExactlyThreeToOneWhenWeightsAreThreeAndOne() {
        Endpoint heavy = endpoint("http://10.0.0.1:8080", 3);
        Endpoint light = endpoint("http://10.0.0.2:8080", 1);
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(heavy, light));

        Map<Endpoint, Integer> counts = counts(picks(weighted, 400, null));

        assertThat(counts).containsOnly(Map.entry(heavy, 300), Map.entry(light, 100));
    }

    @Test
    void shouldInterleaveWhenWeightsAreThreeAndOne() {
        Endpoint heavy = endpoint("http://10.0.0.1:8080", 3);
        Endpoint light = endpoint("http://10.0.0.2:8080", 1);
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(heavy, light));

        assertThat(picks(weighted, 8, null)).containsExactly(heavy, heavy, light, heavy, heavy, heavy, light, heavy);
    }

    @Test
    void shouldNeverRunFourOfTheSameWhenWeightsAreThreeAndOne() {
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(
                endpoint("http://10.0.0.1:8080", 3), endpoint("http://10.0.0.2:8080", 1)));

        assertThat(longestRun(picks(weighted, 400, null))).isEqualTo(3);
    }

    @Test
    void shouldSpreadSmallWeightsWhenWeightsAreFiveOneOne() {
        Endpoint heavy = endpoint("http://10.0.0.1:8080", 5);
        Endpoint x = endpoint("http://10.0.0.2:8080", 1);
        Endpoint y = endpoint("http://10.0.0.3:8080", 1);
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(heavy, x, y));

        // NGINX's smooth weighted round robin for {5, 1, 1}: a a b a c a a
        assertThat(picks(weighted, 7, null)).containsExactly(heavy, heavy, x, heavy, y, heavy, heavy);
    }

    @Test
    void shouldNeverPickAvoidedEndpointWhenWeightedHasAnother() {
        Endpoint heavy = endpoint("http://10.0.0.1:8080", 3);
        Endpoint light = endpoint("http://10.0.0.2:8080", 1);
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(heavy, light));

        assertThat(picks(weighted, 40, heavy)).containsOnly(light);
    }

    @Test
    void shouldPickAvoidedEndpointWhenWeightedHasOnlyOne() {
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(a));

        assertThat(weighted.pick(a)).isSameAs(a);
    }

    // ---- least request ----

    @Test
    void shouldAlwaysPickIdleEndpointWhenTheOtherOfTwoHasRequestsInFlight() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(a, b));
        try (var one = b.track(); var two = b.track()) {
            assertThat(picks(least, 1000, null)).containsOnly(a);
        }
    }

    @Test
    void shouldNeverPickBusiestEndpointWhenTwoOfThreeAreIdle() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(a, b, c));
        try (var busy = c.track()) {
            Map<Endpoint, Integer> counts = counts(picks(least, 1000, null));

            assertThat(counts).doesNotContainKey(c);
            assertThat(counts.get(a) + counts.get(b)).isEqualTo(1000);
        }
    }

    @Test
    void shouldPickBothEndpointsWhenInFlightCountsAreEqual() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(a, b));

        assertThat(counts(picks(least, 1000, null))).containsOnlyKeys(a, b);
    }

    @Test
    void shouldPickBusierEndpointWhenTheIdleOneIsAvoided() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(a, b));
        try (var busy = b.track()) {
            assertThat(picks(least, 200, a)).containsOnly(b);
        }
    }

    @Test
    void shouldNeverPickAvoidedEndpointWhenLeastRequestHasThree() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(a, b, c));

        assertThat(picks(least, 1000, b)).doesNotContain(b);
    }

    @Test
    void shouldPickAvoidedEndpointWhenLeastRequestHasOnlyOne() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(a));

        assertThat(least.pick(a)).isSameAs(a);
    }
}
