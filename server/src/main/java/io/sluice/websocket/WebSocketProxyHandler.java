package io.sluice.websocket;

import io.sluice.auth.Authenticator;
import io.sluice.config.RewriteConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.error.ProblemResponses;
import io.sluice.proxy.GatewayState;
import io.sluice.proxy.RequestIds;
import io.sluice.route.RouteMatch;
import io.sluice.route.Rewrites;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.Upstream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies WebSockets in front of the HTTP proxy handler:
 * <pre>
 *   request ─▶ Upgrade header or CONNECT? ──no──▶ next handler (ProxyHandler), untouched
 *                      │ yes: a valid WebSocket handshake (RFC 6455 upgrade, RFC 8441 extended CONNECT)
 *                      ▼
 *   route ─▶ auth ─▶ pick endpoint ─▶ upgrade upstream (park until it answers) ─▶ 101 to client ─▶ {@link FrameRelay}
 *     └ 404    └ 401/403                  └ 502 unreachable / refused, 504 timeout
 * </pre>
 * The upstream is connected before the client is answered, so the client's handshake only succeeds
 * when there is something to relay to, and it gets the subprotocol the upstream chose. Plain HTTP
 * requests pay one header lookup and one method comparison.
 */
public final class WebSocketProxyHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketProxyHandler.class);

    private final Supplier<GatewayState> state;
    private final Handshaker handshaker = Handshaker.newInstance();
    private final WebSocketComponents components = new WebSocketComponents();
    private final WebSocketCoreClient client;

    public WebSocketProxyHandler(Handler next, Supplier<GatewayState> state) {
        super(next);
        this.state = state;
        HttpClient http = new HttpClient();
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(null);
        this.client = new WebSocketCoreClient(http, components);
        addBean(components);
        addBean(client);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // As for the HTTP upstream clients: the handshake carries no Accept-Encoding of the gateway's own.
        client.getHttpClient().getContentDecoderFactories().clear();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!request.getHeaders().contains(HttpHeader.UPGRADE) && !HttpMethod.CONNECT.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        Upgrade upgrade = new Upgrade(state.get(),
                RequestIds.acceptOrCreate(request.getHeaders().get(ProblemResponses.REQUEST_ID_HEADER)));
        // If the 101 never reaches the client, the upstream WebSocket opened for it must not linger.
        Callback guarded = Callback.from(callback::succeeded, failure -> {
            upgrade.abort();
            callback.failed(failure);
        });
        try {
            if (handshaker.upgradeRequest(upgrade, request, response, guarded, components,
                    configuration -> configuration.setIdleTimeout(upgrade.idleTimeout()))) {
                return true;
            }
        } catch (Throwable t) {
            LOG.warn("WebSocket request {} failed unexpectedly", upgrade.requestId, t);
            upgrade.abort();
            if (!response.isCommitted()) {
                ProblemResponses.write(request, response, callback, ProblemResponses.problem(Failure.INTERNAL,
                        "the WebSocket upgrade failed", request.getHttpURI().getPath(), upgrade.requestId));
            } else {
                callback.failed(t);
            }
            return true;
        }
        // Not a WebSocket handshake (e.g. an h2c upgrade): plain HTTP proxying strips Upgrade as hop-by-hop.
        return super.handle(request, response, callback);
    }

    /** One client's handshake: routes it and opens the upstream side before the client is answered. */
    private final class Upgrade implements WebSocketNegotiator {
        private final GatewayState snapshot;
        private final String requestId;
        private volatile FrameRelay relay;
        private volatile Duration idleTimeout = Duration.ofSeconds(60);

        Upgrade(GatewayState snapshot, String requestId) {
            this.snapshot = snapshot;
            this.requestId = requestId;
        }

        Duration idleTimeout() {
            return idleTimeout;
        }

        void abort() {
            FrameRelay r = relay;
            if (r != null) {
                r.abortUpstream();
            }
        }

        @Override
        public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
            try {
                return connect(request, response);
            } catch (GatewayException e) {
                LOG.debug("WebSocket request {} refused: {}", requestId, e.getMessage(), e);
                abort();
                ProblemResponses.write(request, response, callback, ProblemResponses.problem(e.failure(), e.getMessage(),
                        request.getHttpURI().getPath(), requestId), e.headers());
                return null;
            }
        }

        private FrameHandler connect(ServerUpgradeRequest request, ServerUpgradeResponse response) {
            HttpURI uri = request.getHttpURI();
            String canonical = URIUtil.canonicalPath(uri.getPath());
            String decoded = uri.getCanonicalPath();
            if (canonical == null || decoded == null) {
                throw new GatewayException(Failure.MALFORMED_REQUEST, "the request path is not valid");
            }
            // A WebSocket is a GET in RFC 6455 and a CONNECT in RFC 8441; routes see GET either way.
            RouteMatch match = snapshot.routes().match(Request.getServerName(request), HttpMethod.GET.asString(),
                    decoded, name -> request.getHeaders().get(name));
            if (match == null) {
                throw new GatewayException(Failure.NO_ROUTE, "no route matches this request");
            }
            RewriteConfig rewrite = match.route().rewrite();
            Authenticator auth = snapshot.authenticators().forRoute(match.route().id());
            if (auth != null) {
                rewrite = auth.toUpstream(rewrite, auth.authenticate(request, requestId));
            }
            Upstream upstream = snapshot.upstreams().get(match.route().target().choose(
                    name -> request.getHeaders().get(name), name -> io.sluice.proxy.Cookies.get(request, name)));
            Endpoint endpoint = upstream.balancer().pick(null);
            String pathAndQuery = Rewrites.upstreamPath(match.route(), match.params(), canonical)
                    + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
            idleTimeout = upstream.config().timeouts().idle();
            FrameRelay r = new FrameRelay(endpoint.track()::close);
            relay = r;
            var session = UpstreamUpgrade.open(client, request, endpoint, pathAndQuery, rewrite,
                    upstream.config().timeouts(), "sluice-" + snapshot.config().node().id(), requestId, r.upstream);
            response.setAcceptedSubProtocol(session.getNegotiatedSubProtocol());
            response.setExtensions(List.of());
            response.getHeaders().put(ProblemResponses.REQUEST_ID_HEADER, requestId);
            return r.client;
        }
    }
}
