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
     */
    UpstreamResponse exchange(Endpoint endpoint, String method, String pathAndQuery, HttpFields headers,
                              Content.Source body, long length, boolean replayable);

    static UpstreamTransport create(UpstreamConfig config, UpstreamClients clients) throws Exception {
        if ("http/1.1".equals(config.protocol())) {
            return new io.sluice.upstream.h1.H1Transport(config);
        }
        return new JettyTransport(config, clients.create(config));
    }

    @Override
    void close() throws Exception;
}
