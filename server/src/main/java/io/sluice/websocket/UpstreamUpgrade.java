package io.sluice.websocket;

import io.sluice.config.RewriteConfig;
import io.sluice.config.TimeoutConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.error.ProblemResponses;
import io.sluice.proxy.ForwardedHeaders;
import io.sluice.proxy.HeaderRewriter;
import io.sluice.proxy.HopByHop;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.UpstreamFailures;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;

/**
 * The proxy→upstream leg of a WebSocket: turns the client's handshake into an HTTP/1.1 upgrade
 * to one endpoint ({@code ws://} for http endpoints, {@code wss://} for https), offering the
 * client's subprotocols and forwarding its end-to-end headers plus Via / X-Forwarded-*, and parks
 * the request's virtual thread until the upstream has answered. Extensions are not offered: each
 * hop negotiates none, so frames pass through unchanged and the gateway never (de)compresses.
 */
final class UpstreamUpgrade {

    /** Handshake headers this hop generates itself; the client's values belong to the client's hop. */
    private static final EnumSet<HttpHeader> HANDSHAKE = EnumSet.of(HttpHeader.HOST, HttpHeader.CONTENT_LENGTH,
            HttpHeader.SEC_WEBSOCKET_KEY, HttpHeader.SEC_WEBSOCKET_VERSION, HttpHeader.SEC_WEBSOCKET_EXTENSIONS,
            HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, HttpHeader.SEC_WEBSOCKET_ACCEPT);

    private UpstreamUpgrade() {
    }

    /**
     * Opens the upstream WebSocket and returns its session, already open, with {@code handler}
     * receiving its frames.
     *
     * @throws GatewayException 502 if the upstream is unreachable or refuses the upgrade, 504 on timeout
     */
    static CoreSession open(WebSocketCoreClient client, ServerUpgradeRequest request, Endpoint endpoint,
                            String pathAndQuery, RewriteConfig rewrite, TimeoutConfig timeouts, String viaName,
                            String requestId, FrameHandler handler) {
        String origin = endpoint.origin();
        URI target = URI.create((origin.startsWith("https:") ? "wss" : "ws") + origin.substring(origin.indexOf(':'))
                + pathAndQuery);
        CoreClientUpgradeRequest upgrade = CoreClientUpgradeRequest.from(client, target, handler);
        upgrade.setSubProtocols(request.getSubProtocols());
        upgrade.headers(out -> forwardHeaders(request, out, rewrite, endpoint, viaName, requestId));
        Duration limit = timeouts.connect().plus(timeouts.responseHeaders());
        upgrade.timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        Configuration.ConfigurationCustomizer session = new Configuration.ConfigurationCustomizer();
        session.setIdleTimeout(timeouts.idle());
        upgrade.setConfiguration(session);

        CompletableFuture<CoreSession> opened;
        try {
            opened = client.connect(upgrade);
        } catch (IOException e) {
            throw UpstreamFailures.classify(e);
        }
        try {
            // The client enforces the limit itself; the extra second only guards against a lost completion.
            return opened.get(limit.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        } catch (TimeoutException e) {
            opened.cancel(true);
            throw new GatewayException(Failure.UPSTREAM_TIMEOUT, "the upstream did not accept the WebSocket within "
                    + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            opened.cancel(true);
            Thread.currentThread().interrupt();
            throw new GatewayException(Failure.INTERNAL, "interrupted while connecting the WebSocket upstream", e);
        }
    }

    private static void forwardHeaders(ServerUpgradeRequest request, HttpFields.Mutable out, RewriteConfig rewrite,
                                       Endpoint endpoint, String viaName, String requestId) {
        HttpFields in = request.getHeaders();
        Set<String> named = HopByHop.connectionNamed(in);
        for (HttpField field : in) {
            HttpHeader h = field.getHeader();
            if ((h == null || !HANDSHAKE.contains(h)) && HopByHop.forwardable(field, named)) {
                out.add(field);
            }
        }
        String clientHost = in.get(HttpHeader.HOST);
        if (clientHost == null) {
            clientHost = request.getHttpURI().getAuthority();
        }
        out.put(HttpHeader.HOST, io.sluice.route.Rewrites.upstreamHost(rewrite, clientHost, endpoint.authority()));
        String version = request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2 ? "2" : "1.1";
        ForwardedHeaders.add(out, in, version, Request.getRemoteAddr(request), request.isSecure() ? "https" : "http",
                clientHost, viaName);
        out.put(ProblemResponses.REQUEST_ID_HEADER, requestId);
        HeaderRewriter.apply(rewrite.requestHeaders(), out);
    }

    private static GatewayException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpgradeException u && u.getResponseStatusCode() > 0) {
                return new GatewayException(Failure.UPSTREAM_PROTOCOL_ERROR,
                        "the upstream refused the WebSocket upgrade with status " + u.getResponseStatusCode(), failure);
            }
        }
        return UpstreamFailures.classify(failure);
    }
}
