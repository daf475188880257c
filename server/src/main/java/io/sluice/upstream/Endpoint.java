package io.sluice.upstream;

import io.sluice.health.EndpointHealth;
import io.sluice.health.EndpointHealthSnapshot;
import io.sluice.health.UpstreamHealth;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server of an upstream with its live in-flight count, which least-request balancing reads,
 * and its health, which every balancer checks before picking it. Both are lock-free: they are
 * read and updated around every attempt.
 */
public final class Endpoint {

    private final URI uri;
    private final String origin;
    private final int weight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final EndpointHealth health;

    /** An endpoint outside any upstream's health tracking: always available. */
    public Endpoint(URI uri, int weight) {
        this(uri, weight, UpstreamHealth.untracked());
    }

    /** An endpoint whose health {@code group} tracks, with the rest of its upstream. */
    public Endpoint(URI uri, int weight, UpstreamHealth group) {
        this.uri = uri;
        this.weight = weight;
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        this.origin = uri.getScheme() + "://" + uri.getHost() + ":" + port;
        this.health = group.track(origin);
    }

    /** {@code scheme://host:port}, to which the request's path and query are appended. */
    public String origin() {
        return origin;
    }

    /** {@code host:port}, what {@code Host} becomes when a route asks for the upstream's host. */
    public String authority() {
        return origin.substring(origin.indexOf("://") + 3);
    }

    public URI uri() {
        return uri;
    }

    /** The TCP port, defaulted from the scheme when the URL names none. */
    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    public int weight() {
        return weight;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Counts one attempt in flight until the returned handle is closed. */
    public InFlight track() {
        inFlight.incrementAndGet();
        return inFlight::decrementAndGet;
    }

    /** Healthy per active checks (where configured) and not ejected now: may take a request. */
    public boolean available() {
        return health.available();
    }

    /** The attempt got an acceptable answer; ends a passive failure streak. */
    public void onSuccess() {
        health.onSuccess();
    }

    /** The attempt failed (connect error, timeout, protocol error or 5xx); enough in a row eject the endpoint. */
    public void onFailure() {
        health.onFailure();
    }

    public EndpointHealthSnapshot health() {
        return health.snapshot();
    }

    /** Where active checks record their results. */
    EndpointHealth tracker() {
        return health;
    }

    /** An in-flight attempt; closing it twice would miscount, so callers use try-with-resources. */
    @FunctionalInterface
    public interface InFlight extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String toString() {
        return origin;
    }
}
