package io.sluice.upstream;

import io.sluice.config.UpstreamConfig;
import io.sluice.tls.TlsContexts;
import io.sluice.upstream.h1.H1Watchdog;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Makes the pooled Jetty {@link HttpClient} of one upstream, configured as a proxy needs it:
 * no content decoding, no cookies, no redirects, no user agent, no protocol handlers (1xx, auth),
 * bounded pools, and HTTP/1.1, h2c (prior knowledge) or h2 (TLS + ALPN) as the upstream asks.
 *
 * <p>Also owns what all of the node's transports share: the read-timeout watchdog of the
 * HTTP/1.1 ones (one thread per node, not per upstream instance), closed with these clients when
 * the node stops.
 *
 * <p>Measured against {@code java.net.http.HttpClient}, which also cannot send the
 * {@code Connection}, {@code Host} or {@code Expect} headers a proxy must control; see
 * docs/BENCHMARKS.md.
 */
public final class UpstreamClients implements AutoCloseable {

    private final Executor executor;
    private final TlsContexts tls;
    private final ConnectListener connects;
    private final H1Watchdog watchdog = new H1Watchdog("sluice-timeouts");

    /**
     * @param tls      makes the TLS contexts of h2 upstreams (reloaded on rotation); null: JVM defaults, no client certificate
     * @param connects told about every connection the node's transports open (metrics)
     */
    public UpstreamClients(Executor executor, TlsContexts tls, ConnectListener connects) {
        this.executor = executor;
        this.tls = tls;
        this.connects = connects;
    }

    public UpstreamClients(Executor executor, TlsContexts tls) {
        this(executor, tls, ConnectListener.NONE);
    }

    public UpstreamClients(Executor executor) {
        this(executor, null);
    }

    /** Where the transports made with these clients report their connects. */
    public ConnectListener connectListener() {
        return connects;
    }

    /** The read-timeout watchdog every HTTP/1.1 transport made with these clients shares. */
    public H1Watchdog watchdog() {
        return watchdog;
    }

    /** Stops the shared watchdog; close the transports made with these clients first. */
    @Override
    public void close() {
        watchdog.close();
    }

    public HttpClient create(UpstreamConfig config) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(executor);
        connector.setConnectTimeout(config.timeouts().connect());
        connector.setIdleTimeout(config.timeouts().idle());
        if (connects != ConnectListener.NONE) {
            connector.addEventListener(new ConnectTimer(config.id(), connects));
        }
        if ("h2".equals(config.protocol())) {
            connector.setSslContextFactory(tls != null
                    ? tls.client("upstream:" + config.id(), config.trustStore(), config.trustStorePassword(),
                            config.keyStore(), config.keyStorePassword())
                    : plainClientTls(config));
        }
        HttpClientTransport transport = switch (config.protocol()) {
            case "h2c", "h2" -> new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
            default -> new HttpClientTransportOverHTTP(connector);
        };
        HttpClient client = new HttpClient(transport);
        client.setExecutor(executor);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(config.pool().maxConnectionsPerEndpoint());
        client.setMaxRequestsQueuedPerDestination(config.pool().maxQueuedPerEndpoint());
        client.setConnectTimeout(config.timeouts().connect().toMillis());
        client.setIdleTimeout(config.timeouts().idle().toMillis());
        client.start();
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().clear();
        return client;
    }

    /**
     * Times the TCP connects of one upstream's client (TLS handshakes not included): Jetty opens
     * connections on its own threads, for whichever queued request needs one, so the time goes to
     * the upstream's metrics only, never to a request's trace.
     */
    private static final class ConnectTimer implements ClientConnector.ConnectListener {
        private final String upstream;
        private final ConnectListener connects;
        private final Map<SocketChannel, Long> started = new ConcurrentHashMap<>();

        ConnectTimer(String upstream, ConnectListener connects) {
            this.upstream = upstream;
            this.connects = connects;
        }

        @Override
        public void onConnectBegin(SocketChannel channel, SocketAddress address) {
            started.put(channel, System.nanoTime());
        }

        @Override
        public void onConnectSuccess(SocketChannel channel) {
            Long start = started.remove(channel);
            if (start != null) {
                connects.connected(upstream, System.nanoTime() - start);
            }
        }

        @Override
        public void onConnectFailure(SocketChannel channel, SocketAddress address, Throwable failure) {
            started.remove(channel);
        }
    }

    private static SslContextFactory.Client plainClientTls(UpstreamConfig config) {
        SslContextFactory.Client context = new SslContextFactory.Client();
        if (config.trustStore() != null && !config.trustStore().isBlank()) {
            context.setTrustStorePath(Path.of(config.trustStore()).toString());
            context.setTrustStorePassword(config.trustStorePassword());
            context.setTrustStoreType("PKCS12");
        }
        return context;
    }
}
