package io.sluice.admin;

import com.hazelcast.core.HazelcastInstance;
import io.sluice.breaker.BreakerOverride;
import io.sluice.breaker.BreakerSnapshot;
import io.sluice.breaker.BreakerStatePublisher;
import io.sluice.breaker.OverrideStore;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.proxy.GatewayState;
import io.sluice.proxy.Guards;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.sluice.model.BreakerInfo;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.OverrideRequest;
import java.util.function.Supplier;

/**
 * Admin resources for the traffic path: routes, upstream endpoints with their health, breakers (per
 * node, cluster-wide, and the operator overrides that act on them) and rate-limit usage. Answers
 * are shared-model records ({@link Views}).
 */
public final class TrafficAdmin {

    private final String nodeId;
    private final HazelcastInstance hz;
    private final Guards guards;
    private final OverrideStore overrides;
    private final Supplier<GatewayState> state;
    private final InstantSource clock;

    public TrafficAdmin(String nodeId, HazelcastInstance hzOrNull, Guards guards, OverrideStore overrides,
                        Supplier<GatewayState> state, InstantSource clock) {
        this.nodeId = nodeId;
        this.hz = hzOrNull;
        this.guards = guards;
        this.overrides = overrides;
        this.state = state;
        this.clock = clock;
    }

    public void register(AdminHandler h) {
        h.on("GET", "/breakers", (x, m) -> x.json(200, breakers()));
        h.on("POST", "/breakers/overrides", (x, m) -> {
            OverrideRequest r = x.jsonBody(OverrideRequest.class);
            x.json(200, Views.override(override(r, x.actor())));
        });
        h.on("GET", "/limits", (x, m) -> x.json(200, guards.limiters().stats().stream().map(Views::limiter).toList()));
        h.on("GET", "/upstreams", (x, m) -> {
            GatewayState s = state.get(); // one snapshot; its upstream map is unordered, the config keeps the operator's order
            x.json(200, s.config().upstreams().stream().map(u -> Views.upstream(s.upstreams().get(u.id()))).toList());
        });
        h.on("GET", "/routes", (x, m) -> x.json(200, state.get().config().routes().stream().map(Views::route).toList()));
    }

    BreakersView breakers() {
        Map<String, List<BreakerSnapshot>> nodes = new TreeMap<>();
        if (hz != null) {
            nodes.putAll(BreakerStatePublisher.clusterStates(hz));
        }
        nodes.put(nodeId, guards.breakers().snapshot()); // this node's own view is always current
        List<BreakerInfo> rows = new ArrayList<>();
        nodes.forEach((node, snapshots) -> snapshots.forEach(s -> rows.add(Views.breaker(node, s))));
        List<BreakerOverrideInfo> actions = overrides.all().values().stream()
                .sorted(BreakerOverride.ORDER.reversed()).map(Views::override).toList();
        return new BreakersView(rows, actions);
    }

    BreakerOverride override(OverrideRequest r, String actor) {
        if (r.breaker() == null || r.breaker().isBlank()) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "breaker is required");
        }
        BreakerOverride.Mode mode = switch (r.mode() == null ? "" : r.mode().toLowerCase(Locale.ROOT)) {
            case "forced-open", "open", "trip" -> BreakerOverride.Mode.FORCED_OPEN;
            case "forced-closed", "closed", "reset" -> BreakerOverride.Mode.FORCED_CLOSED;
            case "auto", "automatic" -> BreakerOverride.Mode.AUTO;
            default -> throw new GatewayException(Failure.INVALID_ADMIN_REQUEST,
                    "mode must be forced-open, forced-closed or auto");
        };
        if (r.reason() == null || r.reason().isBlank()) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "reason is required: it is recorded with who acted and when");
        }
        List<String> known = guards.breakers().snapshot().stream().map(BreakerSnapshot::name).toList();
        if (!known.contains(r.breaker())) {
            throw new GatewayException(Failure.NOT_FOUND, "no breaker named '" + r.breaker() + "'; breakers are "
                    + String.join(", ", known));
        }
        return overrides.put(BreakerOverride.request(r.breaker(), mode, actor, r.reason().strip(), clock.instant()));
    }
}
