package io.sluice.proxy;

import io.sluice.observe.AccessRecord;
import io.sluice.trace.RequestTrace;

/**
 * What one request has done so far, filled in along the request path by the request's own thread
 * and turned into an {@link AccessRecord} at the end. Not shared between threads.
 */
final class ExchangeLog {

    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    String requestId;
    /** The host the request was routed by. */
    String host;
    String route;
    /** Who the route's authentication admitted ({@code jwt:alice}), null on routes without auth. */
    String identity;
    String upstream;
    String endpoint;
    int status;
    long bytesIn;
    long bytesOut;
    long upstreamHeadersNanos = -1;
    int attempts;
    long rateLimitWaitNanos;
    String failure;
    /** The request's spans and trace ids; {@link RequestTrace#OFF} while tracing is off. */
    RequestTrace trace = RequestTrace.OFF;

    AccessRecord toRecord(String node, String method, String path, String protocol, String client) {
        long total = (System.nanoTime() - startNanos) / 1000;
        long upstreamMicros = upstreamHeadersNanos < 0 ? -1 : upstreamHeadersNanos / 1000;
        return new AccessRecord(startMillis, node, requestId, method, path, protocol, client, route, upstream,
                endpoint, status, bytesIn, bytesOut, total, upstreamMicros, attempts, failure, identity);
    }
}
