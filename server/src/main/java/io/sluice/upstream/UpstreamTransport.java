package io.sluice.upstream;

import io.sluice.config.UpstreamConfig;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

/**
 * How a proxy→upstream request travels: {@code h1.H1Transport} (blocking sockets owned by the
 * request's virtual thread) for HTTP/1.1 upstreams, {@link JettyTransport} (Jetty HttpClient) for
 * h2c and h2. Both block the calling thread until the response head arrives and throw
 * {@link io.sluice.error.GatewayException} with the failure table's entry on failure.
 */
public interface UpstreamTransport extends AutoCloseable {

    /**
     * @param body the client's body, or null when the request has none; {@code length} is its
     *             declared length or -1
     * @param replayable whether the request may be re-sent on a fresh connection when a pooled one
     *                   turns out to be dead (no body, idempotent method)
     * @param observer told about the connections opened for this exchange (where the transport can
     *                 tell; see the implementations)
     */
    UpstreamResponse exchange(Endpoint endpoint, String method, String pathAndQuery, HttpFields headers,
                              Content.Source body, long length, boolean replayable, ExchangeObserver observer);

    /** An exchange nobody observes (health checks, tests). */
    default UpstreamResponse exchange(Endpoint endpoint, String method, String pathAndQuery, HttpFields headers,
                                      Content.Source body, long length, boolean replayable) {
        return exchange(endpoint, method, pathAndQuery, headers, body, length, replayable, ExchangeObserver.NONE);
    }

    /** The transport's connections now, summed over endpoints; null when it cannot tell. */
    default PoolUse poolUse() {
        return null;
    }

    static UpstreamTransport create(UpstreamConfig config, UpstreamClients clients) throws Exception {
        if ("http/1.1".equals(config.protocol())) {
            return new io.sluice.upstream.h1.H1Transport(config, clients.connectListener());
        }
        return new JettyTransport(config, clients.create(config));
    }

    @Override
    void close() throws Exception;
}
