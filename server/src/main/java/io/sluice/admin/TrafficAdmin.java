package io.sluice.admin;

import com.hazelcast.core.HazelcastInstance;
import io.sluice.breaker.BreakerOverride;
import io.sluice.breaker.BreakerSnapshot;
import io.sluice.breaker.BreakerStatePublisher;
import io.sluice.breaker.OverrideStore;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.health.EndpointHealthSnapshot;
import io.sluice.proxy.GatewayState;
import io.sluice.proxy.Guards;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.Upstream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Admin resources for the traffic guards: breakers (per node, cluster-wide, and the operator
 * overrides that act on them), rate-limit usage, and upstream endpoint health.
 */
public final class TrafficAdmin {

    /** Body of an override call: which breaker, what to force, and why (recorded with the actor). */
    public record OverrideRequest(String breaker, String mode, String reason) {
    }

    /** Every breaker on every node, with the operator overrides in force. */
    public record BreakersView(Map<String, List<BreakerSnapshot>> nodes, Map<String, BreakerOverride> overrides) {
    }

    /** One upstream's endpoints with their health as this node sees it. */
    public record UpstreamView(String id, List<EndpointView> endpoints) {
    }

    public record EndpointView(String origin, int inFlight, EndpointHealthSnapshot health) {
    }

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
            x.json(200, override(r, x.actor()));
        });
        h.on("GET", "/limits", (x, m) -> x.json(200, guards.limiters().stats()));
        h.on("GET", "/upstreams", (x, m) -> x.json(200, upstreams()));
    }

    BreakersView breakers() {
        Map<String, List<BreakerSnapshot>> nodes = new LinkedHashMap<>();
        if (hz != null) {
            nodes.putAll(BreakerStatePublisher.clusterStates(hz));
        }
        nodes.put(nodeId, guards.breakers().snapshot()); // this node's own view is always current
        return new BreakersView(nodes, overrides.all());
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

    List<UpstreamView> upstreams() {
        List<UpstreamView> out = new ArrayList<>();
        for (Upstream u : state.get().upstreams().values()) {
            List<EndpointView> endpoints = new ArrayList<>();
            for (Endpoint e : u.endpoints()) {
                endpoints.add(new EndpointView(e.origin(), e.inFlight(), e.health()));
            }
            out.add(new UpstreamView(u.id(), endpoints));
        }
        return out;
    }
}
