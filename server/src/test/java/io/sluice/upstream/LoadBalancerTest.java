package io.sluice.upstream;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.health.CheckResult;
import io.sluice.health.UpstreamHealth;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    // ---- health: endpoints that are ejected or unhealthy get no traffic ----

    private final MutableClock clock = MutableClock.at(Instant.parse("2025-01-01T00:00:00Z"));
    /** One failure ejects (while another endpoint is available), one failed check marks unhealthy. */
    private final UpstreamHealth group = new UpstreamHealth("users", new HealthCheckConfig(null, null, null, 1, 1),
            new OutlierConfig(true, 1, Duration.ofSeconds(10), Duration.ofMinutes(1), 100), clock);
    private final Endpoint x = tracked("http://10.0.1.1:8080", 1);
    private final Endpoint y = tracked("http://10.0.1.2:8080", 1);
    private final Endpoint z = tracked("http://10.0.1.3:8080", 1);

    private Endpoint tracked(String url, int weight) {
        return new Endpoint(URI.create(url), weight, group);
    }

    private void markDown(Endpoint e) {
        e.tracker().onCheck(CheckResult.failed(clock.instant(), 500, Duration.ZERO, "status 500"));
    }

    @Test
    void shouldAlternateTheOthersWhenRoundRobinSkipsEjectedEndpoint() {
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(x, y, z));
        y.onFailure();

        assertThat(picks(rr, 6, null)).containsExactly(x, z, x, z, x, z);
    }

    @Test
    void shouldPickEndpointAgainWhenItsEjectionEnds() {
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(x, y, z));
        y.onFailure();
        assertThat(picks(rr, 30, null)).doesNotContain(y);

        clock.advance(Duration.ofSeconds(10));

        assertThat(counts(picks(rr, 30, null))).containsOnly(Map.entry(x, 10), Map.entry(y, 10), Map.entry(z, 10));
    }

    @Test
    void shouldKeepWeightProportionsAmongTheOthersWhenWeightedSkipsAnEndpoint() {
        Endpoint heavy = tracked("http://10.0.2.1:8080", 3);
        Endpoint down = tracked("http://10.0.2.2:8080", 1);
        Endpoint light = tracked("http://10.0.2.3:8080", 1);
        LoadBalancer weighted = LoadBalancer.of("weighted", List.of(heavy, down, light));
        markDown(down);

        Map<Endpoint, Integer> counts = counts(picks(weighted, 20_000, null));

        assertThat(counts).doesNotContainKey(down);
        assertThat(counts.get(heavy)).isBetween(14_400, 15_600); // 3:1, expected 15,000
        assertThat(counts.get(light)).isEqualTo(20_000 - counts.get(heavy));
    }

    @Test
    void shouldNeverPickUnavailableEndpointWhenLeastRequestHasTwoOthers() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(x, y, z));
        markDown(y);

        assertThat(counts(picks(least, 1000, null))).containsOnlyKeys(x, z);
    }

    @Test
    void shouldFindTheOnlyAvailableEndpointWhenLeastRequestDrawsTwoThatAreDown() {
        Endpoint w = tracked("http://10.0.1.4:8080", 1);
        LoadBalancer least = LoadBalancer.of("least-request", List.of(w, x, y, z));
        markDown(w);
        markDown(x);
        markDown(y);

        assertThat(picks(least, 1000, null)).containsOnly(z);
    }

    @Test
    void shouldPreferAvailableBusyEndpointOverIdleUnavailableOneWhenLeastRequest() {
        LoadBalancer least = LoadBalancer.of("least-request", List.of(x, y));
        x.onFailure();
        try (var busy = y.track()) {
            assertThat(picks(least, 200, null)).containsOnly(y);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "weighted", "least-request"})
    void shouldFailWithNoHealthyEndpointWhenEveryEndpointIsDown(String kind) {
        LoadBalancer balancer = LoadBalancer.of(kind, List.of(x, y, z));
        markDown(x);
        markDown(y);
        markDown(z);

        assertThatThrownBy(() -> balancer.pick(null)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.NO_HEALTHY_ENDPOINT));
        assertThatThrownBy(() -> balancer.pick(x)).isInstanceOf(GatewayException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "weighted", "least-request"})
    void shouldFailWithNoHealthyEndpointWhenTheOnlyEndpointIsDown(String kind) {
        LoadBalancer balancer = LoadBalancer.of(kind, List.of(x));
        markDown(x);

        assertThatThrownBy(() -> balancer.pick(null)).isInstanceOf(GatewayException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "weighted", "least-request"})
    void shouldPickAvoidedEndpointWhenItIsTheOnlyOneAvailable(String kind) {
        LoadBalancer balancer = LoadBalancer.of(kind, List.of(x, y, z));
        markDown(y);
        markDown(z);

        assertThat(picks(balancer, 50, x)).containsOnly(x);
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "weighted", "least-request"})
    void shouldNeverPickAvoidedOrUnavailableEndpointWhenAThirdIsAvailable(String kind) {
        LoadBalancer balancer = LoadBalancer.of(kind, List.of(x, y, z));
        markDown(y);

        assertThat(picks(balancer, 500, x)).containsOnly(z);
    }

    @Test
    void shouldFindAvailableEndpointWhenConcurrentPicksTakeTheTurnsInBetween() {
        AtomicReference<LoadBalancer> balancer = new AtomicReference<>();
        AtomicBoolean racing = new AtomicBoolean();
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        // A pick reads the clock when it meets an ejected endpoint: right then, two other picks take
        // their turns, as concurrent requests can. Every turn of the first pick lands on the ejected one.
        InstantSource clockWithRivals = () -> {
            if (balancer.get() != null && racing.compareAndSet(false, true)) {
                try {
                    balancer.get().pick(null);
                    balancer.get().pick(null);
                } finally {
                    racing.set(false);
                }
            }
            return now;
        };
        UpstreamHealth rivals = new UpstreamHealth("users", null,
                new OutlierConfig(true, 1, Duration.ofSeconds(10), Duration.ofMinutes(1), 50), clockWithRivals);
        Endpoint p = new Endpoint(URI.create("http://10.0.3.1:8080"), 1, rivals);
        Endpoint q = new Endpoint(URI.create("http://10.0.3.2:8080"), 1, rivals);
        Endpoint r = new Endpoint(URI.create("http://10.0.3.3:8080"), 1, rivals);
        q.onFailure();
        LoadBalancer rr = LoadBalancer.of("round-robin", List.of(p, q, r));
        balancer.set(rr);
        rr.pick(null); // p's turn: the next one is the ejected q's

        assertThat(rr.pick(null)).isIn(p, r);
    }
}
