package io.sluice.upstream;

import io.sluice.config.UpstreamConfig;
import io.sluice.tls.TlsContexts;
import java.nio.file.Path;
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
 * <p>Measured against {@code java.net.http.HttpClient}, which also cannot send the
 * {@code Connection}, {@code Host} or {@code Expect} headers a proxy must control; see
 * docs/BENCHMARKS.md.
 */
public final class UpstreamClients {

    private final Executor executor;
    private final TlsContexts tls;

    /** @param tls makes the TLS contexts of h2 upstreams (reloaded on rotation); null: JVM defaults, no client certificate */
    public UpstreamClients(Executor executor, TlsContexts tls) {
        this.executor = executor;
        this.tls = tls;
    }

    public UpstreamClients(Executor executor) {
        this(executor, null);
    }

    public HttpClient create(UpstreamConfig config) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(executor);
        connector.setConnectTimeout(config.timeouts().connect());
        connector.setIdleTimeout(config.timeouts().idle());
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
