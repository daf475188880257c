package io.sluice.cli;

import io.sluice.model.BreakerInfo;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.EndpointInfo;
import io.sluice.model.LimiterUsage;
import io.sluice.model.RouteInfo;
import io.sluice.model.TraceRecord;
import io.sluice.model.UpstreamInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/** Tables for routes, upstreams, breakers, rate limits and traces, as a person reads them. */
final class TrafficViews {

    private TrafficViews() {
    }

    static String routes(List<RouteInfo> routes) {
        Table t = new Table("ROUTE", "HOSTS", "PATH", "METHODS", "UPSTREAMS", "RATE LIMIT", "AUTH");
        for (RouteInfo r : routes) {
            t.row(r.id(), Human.list(r.hosts()), r.path(), Human.list(r.methods()), Human.list(r.upstreams()), r.rateLimit(),
                    Human.list(r.auth()));
        }
        return t.render("(no routes)");
    }

    static String upstreams(List<UpstreamInfo> upstreams, Instant now) {
        Table t = new Table("UPSTREAM", "PROTOCOL", "BREAKER", "ENDPOINT", "STATUS", "IN FLIGHT", "EJECTIONS", "LAST CHECK");
        for (UpstreamInfo u : upstreams) {
            List<EndpointInfo> endpoints = u.endpoints() == null ? List.of() : u.endpoints();
            for (EndpointInfo e : endpoints) {
                String status = e.status();
                if ("EJECTED".equals(status) && e.ejectedUntil() != null) {
                    status += " until " + Human.ago(e.ejectedUntil(), now).replace("in ", "+");
                }
                var check = e.lastCheck();
                String lastCheck = check == null ? null : (check.passed() ? "passed " : "failed ") + Human.ago(check.at(), now)
                        + (check.status() > 0 ? " (" + check.status() + ", " + check.tookMillis() + "ms)" : "")
                        + (check.passed() || check.detail() == null ? "" : ": " + check.detail());
                t.row(u.id(), u.protocol(), u.breakerScope(), e.origin(), status, e.inFlight(), e.ejectionCount(), lastCheck);
            }
            if (endpoints.isEmpty()) {
                t.row(u.id(), u.protocol(), u.breakerScope(), null, null, null, null, null);
            }
        }
        return t.render("(no upstreams)");
    }

    static String breakers(BreakersView view, Instant now) {
        Table t = new Table("NODE", "BREAKER", "STATE", "MODE", "FAILURES", "SLOW", "CALLS", "LAST CHANGE");
        List<BreakerInfo> rows = view.breakers() == null ? List.of() : view.breakers().stream()
                .sorted(Comparator.comparing(BreakerInfo::name).thenComparing(BreakerInfo::node)).toList();
        for (BreakerInfo b : rows) {
            var last = b.lastTransition();
            t.row(b.node(), b.name(), b.state(), b.mode(), Human.percent(b.failureRate()), Human.percent(b.slowCallRate()),
                    b.callsInWindow(), last == null ? null : last.from() + " → " + last.to() + " " + Human.ago(last.at(), now));
        }
        StringBuilder s = new StringBuilder(t.render("(no breakers)"));
        List<BreakerOverrideInfo> overrides = view.overrides() == null ? List.of() : view.overrides();
        if (!overrides.isEmpty()) {
            Table o = new Table("BREAKER", "MODE", "BY", "WHEN", "REASON");
            for (BreakerOverrideInfo x : overrides) {
                o.row(x.breaker(), x.mode(), x.actor(), Human.ago(x.at(), now), x.reason());
            }
            s.append("\nOperator overrides (cluster-wide, newest action per breaker):\n").append(o.render(""));
        }
        return s.toString();
    }

    static String override(BreakerOverrideInfo o) {
        String what = switch (String.valueOf(o.mode())) {
            case "FORCED_OPEN" -> "forced open: every node answers 503 for it without calling the upstream";
            case "FORCED_CLOSED" -> "forced closed: every node lets calls through whatever their outcome";
            case "AUTO" -> "back to automatic on every node";
            default -> o.mode();
        };
        return "breaker " + o.breaker() + " " + what + "\n  by " + o.actor() + " at " + o.at() + ": " + o.reason()
                + " (action " + o.sequence() + ")\n";
    }

    static String limits(List<LimiterUsage> limits) {
        Table t = new Table("POLICY", "SCOPE", "ADMITTED", "REJECTED", "SHAPED", "WAITED", "CLUSTER CALLS", "FAILED",
                "FALLBACKS", "KEYS");
        for (LimiterUsage l : limits) {
            t.row(l.policyId(), l.scope(), l.admitted(), l.rejected(), l.shaped(), Human.millis(l.waitedNanos() / 1e6),
                    l.remoteCalls(), l.remoteFailures(), l.fallbacks(), l.keys());
        }
        return t.render("(no rate-limit policies)");
    }

    static String traces(List<TraceRecord> traces, Instant now, ZoneId zone) {
        Table t = new Table("WHEN", "NODE", "STATUS", "TOOK", "METHOD", "PATH", "ROUTE", "ENDPOINT", "TRIES", "KEPT", "TRACE ID");
        for (TraceRecord r : traces) {
            Instant at = Instant.EPOCH.plusNanos(r.startEpochMicros() * 1000);
            t.row(Human.ago(at.toString(), now), r.node(), r.status() + (r.failure() == null ? "" : " " + r.failure()),
                    Human.micros(r.durationMicros()), r.method(), r.path(), r.route(),
                    r.endpoint() == null ? r.upstream() : r.endpoint(), r.attempts(), r.kept(), r.traceId());
        }
        return t.render("(no traces kept)");
    }
}
