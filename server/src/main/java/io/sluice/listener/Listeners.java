package io.sluice.listener;

import io.sluice.config.LimitsConfig;
import io.sluice.config.ListenerConfig;
import io.sluice.tls.HandshakeLog;
import io.sluice.tls.TlsContexts;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
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
 * Builds the Jetty connectors of a node from its listener config: plain HTTP/1.1 with h2c
 * (upgrade-free prior knowledge), or TLS with ALPN choosing h2 or http/1.1.
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
