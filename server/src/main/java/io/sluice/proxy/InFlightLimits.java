package io.sluice.proxy;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.route.Route;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load shedding: a node-wide and a per-route cap on requests in flight. Past a cap a request is
 * answered 503 at once instead of queueing behind the others, so an overloaded node keeps a short
 * latency for what it admits and tells clients to come back (Retry-After) instead of timing them
 * out. Counters are keyed by route id and outlive config swaps, so a swap does not reset them and
 * briefly admit twice the limit.
 */
public final class InFlightLimits {

    private final int nodeMax;
    private final AtomicInteger node = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> routes = new ConcurrentHashMap<>();

    /** @param nodeMax the node-wide cap, 0 for none */
    public InFlightLimits(int nodeMax) {
        this.nodeMax = nodeMax;
    }

    /** Admits one request or throws LOAD_SHED; the returned ticket must be closed exactly once. */
    public Ticket enter(Route route) {
        int routeMax = route.maxInFlight();
        if (nodeMax <= 0 && routeMax <= 0) {
            return Ticket.NONE;
        }
        AtomicInteger perRoute = routeMax > 0 ? routes.computeIfAbsent(route.id(), k -> new AtomicInteger()) : null;
        if (nodeMax > 0 && node.incrementAndGet() > nodeMax) {
            node.decrementAndGet();
            throw shed("this node has " + nodeMax + " requests in flight");
        }
        if (perRoute != null && perRoute.incrementAndGet() > routeMax) {
            perRoute.decrementAndGet();
            if (nodeMax > 0) {
                node.decrementAndGet();
            }
            throw shed("this route has " + routeMax + " requests in flight on this node");
        }
        return () -> {
            if (perRoute != null) {
                perRoute.decrementAndGet();
            }
            if (nodeMax > 0) {
                node.decrementAndGet();
            }
        };
    }

    public int nodeInFlight() {
        return node.get();
    }

    private static GatewayException shed(String why) {
        return new GatewayException(Failure.LOAD_SHED, "overloaded: " + why + "; retry later").withHeader("Retry-After", "1");
    }

    /** A request counted in flight until closed. */
    @FunctionalInterface
    public interface Ticket extends AutoCloseable {
        Ticket NONE = () -> { };

        @Override
        void close();
    }
}
