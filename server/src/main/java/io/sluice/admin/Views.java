package io.sluice.admin;

import io.sluice.breaker.BreakerOverride;
import io.sluice.breaker.BreakerSnapshot;
import io.sluice.config.AuthConfig;
import io.sluice.config.MatchConfig;
import io.sluice.config.RouteConfig;
import io.sluice.config.SplitConfig;
import io.sluice.health.CheckResult;
import io.sluice.health.EndpointHealthSnapshot;
import io.sluice.model.BreakerInfo;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.EndpointInfo;
import io.sluice.model.LimiterUsage;
import io.sluice.model.RouteInfo;
import io.sluice.model.UpstreamInfo;
import io.sluice.ratelimit.LimiterStats;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.Upstream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the server's own types into the shared-model records the admin API speaks. The server's
 * types carry enums, {@link Instant}s and behaviour; the wire records carry strings and numbers
 * only, so the monitor and the CLI depend on shared-model alone and the server can change its
 * internals without changing the API.
 */
final class Views {

    private Views() {
    }

    static BreakerInfo breaker(String node, BreakerSnapshot s) {
        var t = s.lastTransition();
        return new BreakerInfo(node, s.name(), s.upstream(), s.endpoint(), s.state().name(),
                s.mode() == null ? null : s.mode().name(), s.failureRate(), s.slowCallRate(), s.callsInWindow(),
                t == null ? null : new BreakerInfo.Transition(t.from().name(), t.to().name(), t.at().toString()));
    }

    static BreakerOverrideInfo override(BreakerOverride o) {
        return new BreakerOverrideInfo(o.breaker(), o.mode().name(), o.actor(), o.reason(), o.at().toString(), o.sequence());
    }

    static LimiterUsage limiter(LimiterStats s) {
        return new LimiterUsage(s.policyId(), s.scope(), s.admitted(), s.rejected(), s.shaped(), s.waitedNanos(),
                s.remoteCalls(), s.remoteFailures(), s.fallbacks(), s.keys());
    }

    static UpstreamInfo upstream(Upstream u) {
        List<EndpointInfo> endpoints = new ArrayList<>();
        for (Endpoint e : u.endpoints()) {
            endpoints.add(endpoint(e.origin(), e.inFlight(), e.health()));
        }
        return new UpstreamInfo(u.id(), u.config().protocol(), u.config().breaker().scope(), endpoints);
    }

    static EndpointInfo endpoint(String origin, int inFlight, EndpointHealthSnapshot h) {
        CheckResult c = h.lastCheck();
        return new EndpointInfo(origin, inFlight, h.status().name(), h.available(),
                h.ejectedUntil() == null ? null : h.ejectedUntil().toString(), h.ejectionCount(), h.consecutiveFailures(),
                c == null ? null : new EndpointInfo.CheckInfo(c.at().toString(), c.passed(), c.status(),
                        c.took().toMillis(), c.detail()));
    }

    static RouteInfo route(RouteConfig r) {
        MatchConfig m = r.match();
        String path = m.path() != null ? m.path() : m.pathPrefix() != null ? m.pathPrefix() + "*" : m.pathTemplate();
        List<String> upstreams = new ArrayList<>();
        if (r.upstream() != null) {
            upstreams.add(r.upstream());
        }
        for (SplitConfig s : r.split()) {
            upstreams.add(s.upstream() + " (weight " + s.weight() + ")");
        }
        List<String> auth = new ArrayList<>();
        AuthConfig a = r.auth();
        if (a != null) {
            if (a.jwt() != null) {
                auth.add("jwt");
            }
            if (a.apiKeys() != null) {
                auth.add("api-key");
            }
            if (a.clientCert() != null) {
                auth.add("client-cert");
            }
        }
        return new RouteInfo(r.id(), m.hosts(), path, m.methods(), upstreams, r.rateLimit(), auth);
    }
}
