package io.sluice.breaker;

import io.sluice.config.BreakerConfig;
import io.sluice.config.EndpointConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's circuit breakers: one per upstream, or one per endpoint of an upstream whose breaker
 * has {@code scope: endpoint}. Breaker names are the upstream id, or
 * {@code upstreamId@scheme://host:port} (host lower-cased, port always written) for an endpoint;
 * operators and the monitor address breakers by these names.
 *
 * <p>The request path asks for a {@link Permit} and reports the outcome; an open breaker refuses at
 * once with 503 and Retry-After, before anything touches the upstream. Operator overrides come from
 * the {@link OverrideStore}; an override for a breaker that does not exist yet is remembered and
 * applied when a config creates it. The lookup tables are an immutable value swapped on every config
 * apply, so the request path reads one volatile field and takes no lock.
 */
public final class Breakers implements AutoCloseable {

    /** How many transitions {@link #recentTransitions()} keeps. */
    public static final int RECENT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

    private final String nodeId;
    private final InstantSource clock;
    private final Map<String, BreakerOverride> newest = new ConcurrentHashMap<>();
    private final List<Consumer<BreakerTransition>> transitionListeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<BreakerTransition> recent = new ArrayDeque<>();
    private final ReentrantLock recentLock = new ReentrantLock();
    private final ReentrantLock configuring = new ReentrantLock();
    private final AutoCloseable subscription;
    private volatile Index index = new Index(Map.of(), Map.of());

    /** An upstream's breakers: the one of the whole upstream, or one per endpoint origin. */
    private record Scope(Breaker whole, Map<String, Breaker> byOrigin) {
    }

    private record Index(Map<String, Breaker> byName, Map<String, Scope> byUpstream) {
    }

    public Breakers(String nodeId, InstantSource clock, OverrideStore overrides) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.subscription = overrides.listen(this::overridden);
        overrides.all().values().forEach(this::overridden);
    }

    /** The breaker name of an upstream-scoped breaker ({@code origin} null) or of one endpoint. */
    public static String name(String upstreamId, String endpointOrigin) {
        return endpointOrigin == null ? upstreamId : upstreamId + "@" + endpointOrigin;
    }

    /** {@code scheme://host:port} of an endpoint URL, the port written even when it is the default. */
    public static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Builds the breakers a config needs. A breaker whose name and config are unchanged is kept with
     * its state and window; any other is new, starts closed, and gets the newest override of its name.
     */
    public void configure(List<UpstreamConfig> upstreams) {
        configuring.lock();
        try {
            Map<String, Breaker> old = index.byName();
            Map<String, Breaker> byName = new LinkedHashMap<>();
            Map<String, Scope> byUpstream = new LinkedHashMap<>();
            List<Breaker> created = new ArrayList<>();
            for (UpstreamConfig u : upstreams) {
                BreakerConfig c = u.breaker();
                if ("endpoint".equals(c.scope())) {
                    Map<String, Breaker> byOrigin = new LinkedHashMap<>();
                    for (EndpointConfig e : u.endpoints()) {
                        String origin = origin(e.uri());
                        byOrigin.computeIfAbsent(origin, o -> keepOrCreate(old, u.id(), o, c, created));
                    }
                    byOrigin.values().forEach(b -> byName.put(b.name(), b));
                    byUpstream.put(u.id(), new Scope(null, Map.copyOf(byOrigin)));
                } else {
                    Breaker b = keepOrCreate(old, u.id(), null, c, created);
                    byName.put(b.name(), b);
                    byUpstream.put(u.id(), new Scope(b, Map.of()));
                }
            }
            index = new Index(Map.copyOf(byName), Map.copyOf(byUpstream));
            // read after the swap: an override arriving meanwhile is seen here or finds the new breaker
            for (Breaker b : created) {
                BreakerOverride o = newest.get(b.name());
                if (o != null) {
                    b.apply(o);
                }
            }
        } finally {
            configuring.unlock();
        }
    }

    /**
     * A permit for one attempt, or a 503 CIRCUIT_OPEN with Retry-After when the breaker refuses. An
     * upstream (or endpoint) the current config has no breaker for gets {@link Permit#NONE}: a
     * request routed just before a config change must not fail because of it.
     */
    public Permit acquire(String upstreamId, String endpointOrigin) {
        Breaker b = find(upstreamId, endpointOrigin);
        if (b == null) {
            return Permit.NONE;
        }
        Permit p = b.tryAcquire();
        if (p == null) {
            throw new GatewayException(Failure.CIRCUIT_OPEN, "the circuit breaker of upstream " + upstreamId + " is open")
                    .withHeader("Retry-After", Long.toString(b.retryAfterSeconds()));
        }
        return p;
    }

    /** Whether {@link #acquire} would give a permit now; takes nothing (half-open: best effort). */
    public boolean allows(String upstreamId, String endpointOrigin) {
        Breaker b = find(upstreamId, endpointOrigin);
        return b == null || b.allows();
    }

    /** Every breaker of this node, by name. */
    public List<BreakerSnapshot> snapshot() {
        return index.byName().values().stream().map(Breaker::snapshot)
                .sorted(Comparator.comparing(BreakerSnapshot::name)).toList();
    }

    /** The last {@value #RECENT} transitions of this node's breakers, oldest first. */
    public List<BreakerTransition> recentTransitions() {
        recentLock.lock();
        try {
            return List.copyOf(recent);
        } finally {
            recentLock.unlock();
        }
    }

    /** Tells {@code listener} of every transition, on the thread that caused it (often a request's): keep it short. */
    public AutoCloseable onTransition(Consumer<BreakerTransition> listener) {
        transitionListeners.add(listener);
        return () -> transitionListeners.remove(listener);
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("cannot stop listening to breaker overrides", e);
        }
        transitionListeners.clear();
    }

    private Breaker find(String upstreamId, String endpointOrigin) {
        Scope s = index.byUpstream().get(upstreamId);
        if (s == null) {
            return null;
        }
        if (s.whole() != null) {
            return s.whole();
        }
        if (endpointOrigin == null) {
            return null;
        }
        Breaker b = s.byOrigin().get(endpointOrigin);
        if (b == null) {
            try {
                b = s.byOrigin().get(origin(URI.create(endpointOrigin)));
            } catch (RuntimeException notAnOrigin) {
                return null;
            }
        }
        return b;
    }

    private Breaker keepOrCreate(Map<String, Breaker> old, String upstreamId, String origin, BreakerConfig c, List<Breaker> created) {
        String name = name(upstreamId, origin);
        Breaker kept = old.get(name);
        if (kept != null && kept.config().equals(c)) {
            return kept;
        }
        Breaker b = new Breaker(name, upstreamId, origin, c, clock, this::transitioned);
        created.add(b);
        return b;
    }

    private void overridden(BreakerOverride o) {
        BreakerOverride kept = newest.merge(o.breaker(), o, (a, b) -> b.isNewerThan(a) ? b : a);
        Breaker b = index.byName().get(o.breaker());
        if (b != null) {
            b.apply(kept);
        }
    }

    private void transitioned(BreakerTransition t) {
        recentLock.lock();
        try {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(t);
        } finally {
            recentLock.unlock();
        }
        LOG.info("breaker {} on {}: {} -> {}", t.breaker(), nodeId, t.from(), t.to());
        for (Consumer<BreakerTransition> l : transitionListeners) {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                LOG.error("breaker transition listener failed on {}", t, e);
            }
        }
    }
}
