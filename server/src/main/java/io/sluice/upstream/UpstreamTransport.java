package io.sluice.upstream;

import io.sluice.config.UpstreamConfig;
import java.util.concurrent.Executor;
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
     *                   turns out to be dead (no body, idempotent method). Whatever it says, a
     *                   failure before any byte of the response arrived is thrown as
     *                   {@link UpstreamFailures#beforeResponse} so the caller can retry elsewhere
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

    /** Exchanges started and not yet ended: the exchange failed, or its response was closed or discarded. */
    int inFlight();

    /**
     * Takes the transport out of service after a config change replaced its upstream, without
     * failing anything: idle connections close now, a connection in use closes when its exchange
     * ends instead of being pooled again, and what else the transport holds is freed as soon as no
     * exchange is in flight. Exchanges in flight complete normally, and so does one started late
     * by a request that picked the upstream just before the change.
     *
     * @param releaser runs the freeing that may block (stopping a client), so that neither the
     *                 config change nor the last exchange's request waits for it
     * @param released told when the transport holds nothing more (possibly at once, on this thread);
     *                 again after a late exchange, which makes it take resources once more
     */
    void retire(Executor releaser, Runnable released);

    static UpstreamTransport create(UpstreamConfig config, UpstreamClients clients) throws Exception {
        if ("http/1.1".equals(config.protocol())) {
            return new io.sluice.upstream.h1.H1Transport(config, clients.connectListener(), clients.watchdog());
        }
        return new JettyTransport(config, () -> clients.create(config));
    }

    /** Closes everything at once, exchanges in flight included (node stop, or a retired upstream's deadline). */
    @Override
    void close() throws Exception;
}
