package io.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.RewriteConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.route.HostMatcher;
import io.sluice.route.PathPattern;
import io.sluice.route.Route;
import io.sluice.route.UpstreamChoice;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InFlightLimitsTest {

    static Route route(String id, int maxInFlight) {
        return new Route(id, 0, HostMatcher.of(List.of()), PathPattern.prefix("/"), Set.of(), Map.of(),
                UpstreamChoice.single("u"), RewriteConfig.NONE, 0, null, maxInFlight);
    }

    @Test
    void aRouteOverItsLimitIsShedAndAdmitsAgainWhenOneFinishes() {
        InFlightLimits limits = new InFlightLimits(0);
        Route r = route("api", 2);
        var a = limits.enter(r);
        var b = limits.enter(r);
        assertThatThrownBy(() -> limits.enter(r)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.LOAD_SHED);
            assertThat(e.headers()).anySatisfy(h -> assertThat(h.getName()).isEqualTo("Retry-After"));
        });
        assertThat(limits.enter(route("other", 2))).isNotNull();
        a.close();
        limits.enter(r).close();
        b.close();
    }

    @Test
    void theNodeLimitCountsEveryRouteAndAShedRouteDoesNotLeakANodeSlot() {
        InFlightLimits limits = new InFlightLimits(3);
        Route small = route("small", 1);
        Route open = route("open", 0);
        var s = limits.enter(small);
        assertThatThrownBy(() -> limits.enter(small)).isInstanceOf(GatewayException.class);
        var o1 = limits.enter(open);
        var o2 = limits.enter(open);
        assertThat(limits.nodeInFlight()).isEqualTo(3);
        assertThatThrownBy(() -> limits.enter(open)).isInstanceOf(GatewayException.class);
        s.close();
        o1.close();
        o2.close();
        assertThat(limits.nodeInFlight()).isZero();
    }

    @Test
    void withoutLimitsNothingIsCounted() {
        InFlightLimits limits = new InFlightLimits(0);
        for (int i = 0; i < 1000; i++) {
            limits.enter(route("r", 0));
        }
        assertThat(limits.nodeInFlight()).isZero();
    }
}
