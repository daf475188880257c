package io.sluice.upstream;

/**
 * Node-wide connect timings: every connection a transport opened to an upstream's endpoint and how
 * long the TCP connect took (the {@code sluice_upstream_connect_seconds} histogram). Called on the
 * thread that opened it: the request's own for HTTP/1.1 upstreams, a client selector for h2c/h2.
 * Must be cheap and must not throw.
 */
@FunctionalInterface
public interface ConnectListener {

    ConnectListener NONE = (upstream, nanos) -> { };

    void connected(String upstream, long nanos);
}
