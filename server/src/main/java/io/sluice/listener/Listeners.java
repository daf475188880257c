package io.sluice.listener;

import io.sluice.config.LimitsConfig;
import io.sluice.config.ListenerConfig;
import io.sluice.tls.HandshakeLog;
import io.sluice.tls.TlsContexts;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds the Jetty connectors of a node from its listener config: plain HTTP/1.1 with h2c (prior
 * knowledge, and Jetty's HTTP/1.1 upgrade, which the JDK client uses), or TLS with ALPN choosing h2
 * or http/1.1. Every connector gets the edge limits: header block size, idle timeout, CRLF-only
 * HTTP/1.1 parsing and a {@link HeaderDeadline} for request heads (HTTP/1.x heads, HTTP/2 header
 * blocks) and TLS handshakes that arrive too slowly.
 */
public final class Listeners {

    private Listeners() {
    }

    /**
     * @param tls makes (and keeps reloading) the TLS context of a secure listener; may be null
     *            when {@code listener} is plain
     */
    public static ServerConnector create(Server server, ListenerConfig listener, LimitsConfig limits, TlsContexts tls) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // The upstream's Date is relayed; Jetty's own would repeat it.
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
        http.setIdleTimeout(limits.clientIdleTimeout().toMillis());
        http.setRelativeRedirectAllowed(true);
        // Jetty keeps a header-field cache per HTTP/1.1 connection (about 45 KB at the default 1024):
        // at 10,000 client connections that alone filled a 1 GB heap (scripts/benchmarks/footprint.sh).
        // A proxy reads every field anyway, so the cache saves little; it is off.
        http.setHeaderCacheSize(0);
        // RFC 9112 2.2 lets a recipient accept a bare LF as a line end, and Jetty's RFC9110 mode does.
        // A proxy must not: a front end that reads "X-A: 1\nContent-Length: 5" as one field frames
        // the body differently from us (request smuggling). CRLF only; everything else stays RFC9110.
        http.setHttpCompliance(HttpCompliance.RFC9110.without("RFC9110_CRLF_ONLY", HttpCompliance.Violation.LF_HEADER_TERMINATION));

        List<ConnectionFactory> factories = new ArrayList<>();
        if (listener.secure()) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server context = tls.server(use(listener), listener.tls());
            List<String> alpn = listener.protocols();
            ALPNServerConnectionFactory negotiation = new ALPNServerConnectionFactory(alpn.toArray(String[]::new));
            negotiation.setDefaultProtocol(alpn.contains("http/1.1") ? "http/1.1" : alpn.getFirst());
            factories.add(new SslConnectionFactory(context, negotiation.getProtocol()));
            factories.add(negotiation);
            for (String protocol : alpn) {
                factories.add("h2".equals(protocol) ? h2(new HTTP2ServerConnectionFactory(http), limits)
                        : new HttpConnectionFactory(http));
            }
        } else {
            if (listener.protocols().contains("http/1.1")) {
                factories.add(new HttpConnectionFactory(http));
            }
            if (listener.protocols().contains("h2c")) {
                factories.add(h2(new HTTP2CServerConnectionFactory(http), limits));
            }
        }
        ServerConnector connector = new ServerConnector(server, factories.toArray(ConnectionFactory[]::new));
        connector.setName(listener.name());
        connector.setHost(listener.host());
        connector.setPort(listener.port());
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(limits.clientIdleTimeout().toMillis());
        connector.addBean(new HeaderDeadline(connector, limits.requestHeaderTimeout()));
        if (listener.secure()) {
            connector.addBean(new HandshakeLog(use(listener)));
        }
        return connector;
    }

    private static ConnectionFactory h2(org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory h2, LimitsConfig limits) {
        h2.setMaxConcurrentStreams(256);
        // RFC 8441 WebSocket over HTTP/2 is off: closed WebSocket streams stay registered on the
        // HTTP/2 connection in Jetty 12.1.10+ (jetty#15657), which stalls drain. Browsers then use
        // the HTTP/1.1 upgrade, which the gateway proxies.
        h2.setConnectProtocolEnabled(false);
        h2.setMaxHeaderBlockFragment(limits.maxRequestHeaderBytes());
        return h2;
    }

    /** How a listener's certificates are named in the inventory and logs. */
    public static String use(ListenerConfig listener) {
        return ADMIN_USE.equals(listener.name()) ? ADMIN_USE : "listener:" + listener.name();
    }

    /** The inventory name of the admin port's certificates (the admin connector's name). */
    public static final String ADMIN_USE = "admin";
}
