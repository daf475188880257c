package io.sluice.upstream;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server of an upstream with its live in-flight count, which least-request balancing reads.
 * The count is a lock-free counter updated around every attempt.
 */
public final class Endpoint {

    private final URI uri;
    private final String origin;
    private final int weight;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Endpoint(URI uri, int weight) {
        this.uri = uri;
        this.weight = weight;
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        this.origin = uri.getScheme() + "://" + uri.getHost() + ":" + port;
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
