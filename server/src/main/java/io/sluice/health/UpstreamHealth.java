package io.sluice.health;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one upstream's endpoints: where passive ejection is decided against the whole
 * group, and where changes are published (listeners, a bounded list of recent changes, the log).
 *
 * <p>Ejection rules. After {@code consecutiveFailures} failed requests in a row an endpoint is
 * out for {@code baseEjectionTime} times its ejection streak, capped at {@code maxEjectionTime}.
 * The streak grows with each ejection and starts over once the endpoint has stayed in for
 * {@code maxEjectionTime}, so an endpoint that keeps failing stays out longer and one that failed
 * once long ago is not punished for it. Ejection is refused when it would put more than
 * {@code maxEjectedPercent} of the endpoints (rounded down) out at once, or leave no endpoint
 * available at all: passive ejection never takes out a whole upstream, whatever the percentage.
 *
 * <p>No "panic mode": when active checks find every endpoint unhealthy, the balancer answers 503
 * {@code NO_HEALTHY_ENDPOINT} rather than sending traffic to all of them as Envoy does. An operator
 * who configured checks asked for them to be obeyed, and a 503 with Retry-After is easier for
 * clients to handle than the assorted failures of endpoints known to be down.
 */
public final class UpstreamHealth {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamHealth.class);
    /** How many changes {@link #recentChanges()} keeps. */
    public static final int RECENT_CHANGES = 100;
    private static final HealthCheckConfig CHECK_DEFAULTS = new HealthCheckConfig(null, null, null, null, null);

    private final String id;
    private final HealthCheckConfig checks;
    private final OutlierConfig outlier;
    private final InstantSource clock;
    private final List<EndpointHealth> members = new CopyOnWriteArrayList<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<HealthEvent> recent = new ArrayDeque<>();
    private final Object ejecting = new Object();

    /** @param checks the active check settings, or null when the upstream has none */
    public UpstreamHealth(String id, HealthCheckConfig checks, OutlierConfig outlier, InstantSource clock) {
        this.id = id;
        this.checks = checks == null ? CHECK_DEFAULTS : checks;
        this.outlier = outlier;
        this.clock = clock;
    }

    /** A group of one for endpoints built outside an upstream: always healthy, never ejected. */
    public static UpstreamHealth untracked() {
        return new UpstreamHealth("", null, new OutlierConfig(false, null, null, null, null), InstantSource.system());
    }

    public String id() {
        return id;
    }

    /** Starts tracking one endpoint of this upstream. */
    public EndpointHealth track(String endpoint) {
        EndpointHealth health = new EndpointHealth(endpoint, this);
        members.add(health);
        return health;
    }

    public List<EndpointHealthSnapshot> snapshots() {
        return members.stream().map(EndpointHealth::snapshot).toList();
    }

    /** The latest changes, oldest first, at most {@link #RECENT_CHANGES}. */
    public List<HealthEvent> recentChanges() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    public void removeListener(HealthListener listener) {
        listeners.remove(listener);
    }

    long millis() {
        return clock.millis();
    }

    int ejectAfter() {
        return outlier.enabled() ? outlier.consecutiveFailures() : Integer.MAX_VALUE;
    }

    int healthyThreshold() {
        return checks.healthyThreshold();
    }

    int unhealthyThreshold() {
        return checks.unhealthyThreshold();
    }

    void tryEject(EndpointHealth target, int failures) {
        if (!outlier.enabled()) {
            return; // a failure count saturated at Integer.MAX_VALUE reaches ejectAfter() too
        }
        long now = clock.millis();
        target.settle(now);
        HealthState s = target.state();
        if (!s.healthy() || s.ejectedAt(now)) {
            return; // already out: requests that were in flight keep failing, nothing to decide
        }
        HealthEvent event;
        synchronized (ejecting) {
            if (!capAllows(target, now)) {
                return;
            }
            s = target.state();
            long base = outlier.baseEjectionTime().toMillis();
            long max = outlier.maxEjectionTime().toMillis();
            boolean quietSinceReturn = s.returnedAt() != HealthState.NEVER && now - s.returnedAt() >= max;
            int streak = quietSinceReturn ? 1 : (int) Math.min(s.streak() + 1L, max / base + 1);
            event = target.eject(now, now + Math.min(base * streak, max), streak, failures);
        }
        if (event != null) {
            publish(event);
        }
    }

    private boolean capAllows(EndpointHealth target, long now) {
        int ejected = 0;
        boolean anotherAvailable = false;
        for (EndpointHealth member : members) {
            HealthState m = member.state();
            if (m.ejectedAt(now)) {
                ejected++;
            } else if (member != target && m.healthy()) {
                anotherAvailable = true;
            }
        }
        return anotherAvailable && ejected < members.size() * outlier.maxEjectedPercent() / 100;
    }

    void publish(HealthEvent event) {
        synchronized (recent) {
            if (recent.size() == RECENT_CHANGES) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        if (event.to() == HealthStatus.HEALTHY) {
            LOG.info("endpoint back: {}", event);
        } else {
            LOG.warn("endpoint out: {}", event);
        }
        for (HealthListener listener : listeners) {
            try {
                listener.onChange(event);
            } catch (RuntimeException e) {
                LOG.warn("health listener {} failed on {}", listener, event, e);
            }
        }
    }
}
