package io.sluice.proxy;

import io.sluice.auth.Authenticator;
import io.sluice.auth.Identity;
import io.sluice.config.LimitsConfig;
import java.nio.ByteBuffer;
import io.sluice.config.RewriteConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.error.ProblemResponses;
import io.sluice.observe.AccessLog;
import io.sluice.observe.AccessRecord;
import io.sluice.route.RouteMatch;
import io.sluice.route.Rewrites;
import io.sluice.upstream.Blocking;
import io.sluice.upstream.Endpoint;
import io.sluice.upstream.Upstream;
import io.sluice.upstream.UpstreamFailures;
import io.sluice.upstream.UpstreamResponse;
import io.sluice.breaker.Breakers;
import io.sluice.breaker.Permit;
import io.sluice.config.RateLimitConfig;
import io.sluice.ratelimit.ClientKeys;
import io.sluice.ratelimit.Decision;
import io.sluice.route.Route;
import io.sluice.trace.RequestTrace;
import io.sluice.trace.Span;
import io.sluice.trace.Tracer;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of a gateway node, as straight-line blocking code on the request's virtual
 * thread:
 * <pre>
 *   client ─▶ route ─▶ auth ─▶ in-flight ─▶ rate limit ─▶ breaker ─▶ pick endpoint ─▶ send upstream
 *              404     401/403    503         429 / park      503           ▲                │ (park until headers)
 *                                                                          └──── retry ◀────┤ connect failure / reset before answer / 502 / 503
 *                                                                                            ▼ (idempotent, no body, budget)
 *                                          relay status+headers, then the body chunk by chunk (park per write) ─▶ client
 * </pre>
 * Legs are named by direction as in Jetty's ProxyHandler: client→proxy request, proxy→upstream
 * request, upstream→proxy response, proxy→client response. Failures become {@link GatewayException}
 * and are written by {@link ProblemResponses} while the response is uncommitted; after commit the
 * client's stream is aborted so it sees a truncated response rather than a wrong one.
 *
 * <p>Each step is a span of the request's {@link RequestTrace} (route, auth, limiter, breaker,
 * connect, upstream-headers per attempt, body); the {@link Tracer} decides at the end whether the
 * trace is kept. A traced request's upstream gets this node's {@code traceparent} (same trace id,
 * this node's span as parent) and the caller's {@code tracestate}.
 */
public final class ProxyHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Supplier<GatewayState> state;
    private final AccessLog accessLog;
    private final String nodeId;
    private final String viaName;
    private final Tracer tracer;

    public ProxyHandler(Supplier<GatewayState> state, AccessLog accessLog, String nodeId, Tracer tracer) {
        this.state = state;
        this.accessLog = accessLog;
        this.nodeId = nodeId;
        this.viaName = "sluice-" + nodeId;
        this.tracer = tracer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ExchangeLog log = new ExchangeLog();
        log.requestId = RequestIds.acceptOrCreate(request.getHeaders().get(ProblemResponses.REQUEST_ID_HEADER));
        log.trace = tracer.start(request.getHeaders(), log.startNanos);
        try {
            proxy(request, response, state.get(), log);
            callback.succeeded();
        } catch (GatewayException e) {
            fail(request, response, callback, log, e);
        } catch (IOException clientGone) {
            // The client went away mid-response: nothing to tell it, the upstream leg is already aborted.
            if (log.failure == null) {
                log.failure = "CLIENT_ABORTED";
            }
            log.trace.closeOpen(log.failure);
            callback.failed(clientGone);
        } catch (Throwable t) {
            LOG.warn("request {} failed unexpectedly", log.requestId, t);
            fail(request, response, callback, log, new GatewayException(Failure.INTERNAL, null, t));
        } finally {
            AccessRecord record = log.toRecord(nodeId, request.getMethod(), request.getHttpURI().getPath(),
                    request.getConnectionMetaData().getProtocol(), Request.getRemoteAddr(request));
            accessLog.log(record);
            // Still inside handle(): Jetty completes the exchange (and may recycle it) only after handle returns.
            tracer.finish(log.trace, record, log.host, request.getHeaders(), response.getHeaders());
        }
        return true;
    }

    private void fail(Request request, Response response, Callback callback, ExchangeLog log, GatewayException e) {
        log.failure = e.failure().name();
        log.trace.closeOpen(log.failure);
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        log.status = e.failure().status();
        ProblemResponses.write(request, response, callback,
                ProblemResponses.problem(e.failure(), e.getMessage(), request.getHttpURI().getPath(), log.requestId),
                e.headers());
    }

    private void proxy(Request request, Response response, GatewayState snapshot, ExchangeLog log) throws IOException {
        Framing.check(request);
        RequestTrace trace = log.trace;
        int routing = trace.begin(Span.ROUTE);
        log.host = Request.getServerName(request);
        HttpURI uri = request.getHttpURI();
        String canonical = URIUtil.canonicalPath(uri.getPath());
        String decoded = uri.getCanonicalPath();
        if (canonical == null || decoded == null) {
            throw new GatewayException(Failure.MALFORMED_REQUEST, "the request path is not valid");
        }
        RouteMatch match = snapshot.routes().match(log.host, request.getMethod(), decoded,
                name -> request.getHeaders().get(name));
        if (match == null) {
            throw new GatewayException(Failure.NO_ROUTE, "no route matches this request");
        }
        Route route = match.route();
        log.route = route.id();
        trace.note(routing, route.id());
        trace.end(routing);
        // Authentication comes first: an unknown caller must not cost an in-flight slot or a token.
        Authenticator auth = snapshot.authenticators().forRoute(route.id());
        if (auth != null) {
            trace.secretHeader(auth.apiKeyHeader());
            int authenticating = trace.begin(Span.AUTH);
            auth.authenticate(request, log.requestId);
            Identity identity = Identity.of(request);
            log.identity = identity == null ? null : identity.toString();
            trace.note(authenticating, log.identity);
            trace.end(authenticating);
        }
        Guards guards = snapshot.guards();
        try (InFlightLimits.Ticket admitted = guards.inFlight().enter(route)) {
            limitRate(request, response, snapshot, route, log);
            Upstream upstream = snapshot.upstreams().get(route.target().choose(
                    name -> request.getHeaders().get(name), name -> Cookies.get(request, name)));
            log.upstream = upstream.id();
            send(request, response, snapshot, match, canonical, upstream, auth, log);
        }
    }

    /** Applies the route's rate-limit policy; shaping parks this virtual thread, rejection throws 429. */
    private static void limitRate(Request request, Response response, GatewayState snapshot, Route route, ExchangeLog log) {
        if (route.rateLimit() == null) {
            return;
        }
        RateLimitConfig policy = snapshot.rateLimits().get(route.rateLimit());
        int limiting = log.trace.begin(Span.LIMITER, policy.id());
        Decision decision = snapshot.guards().limiters().acquire(policy.id(), ClientKeys.of(policy, request));
        log.trace.end(limiting);
        log.rateLimitWaitNanos = decision.waitedNanos();
        if (!decision.admitted()) {
            log.trace.fail(limiting, Failure.RATE_LIMITED.name());
            throw decision.rejection();
        }
        decision.addHeaders(response.getHeaders());
    }

    private void send(Request request, Response response, GatewayState snapshot, RouteMatch match, String canonical,
                      Upstream upstream, Authenticator auth, ExchangeLog log) throws IOException {
        HttpURI uri = request.getHttpURI();
        LimitsConfig limits = snapshot.config().limits();
        long declared = request.getLength();
        if (declared > limits.maxRequestBodyBytes()) {
            throw new GatewayException(Failure.BODY_TOO_LARGE,
                    "the request body is larger than " + limits.maxRequestBodyBytes() + " bytes");
        }
        boolean hasBody = declared > 0 || (declared < 0 && mayHaveBody(request));
        String pathAndQuery = Rewrites.upstreamPath(match.route(), match.params(), canonical)
                + (uri.getQuery() == null ? "" : "?" + uri.getQuery());

        // An upstream-scoped breaker judges the request's outcome after retries (one dead endpoint of
        // several must not open it while retries still succeed); endpoint-scoped ones judge each attempt.
        Breakers breakers = snapshot.guards().breakers();
        Permit requestPermit = Permit.NONE;
        if (!perEndpoint(upstream)) {
            int breaking = log.trace.begin(Span.BREAKER, upstream.id());
            requestPermit = breakers.acquire(upstream.id(), null);
            log.trace.end(breaking);
        }
        long started = System.nanoTime();
        try {
            exchangeWithRetries(request, response, match, upstream, breakers, requestPermit, started,
                    pathAndQuery, limits, declared, hasBody, auth, log);
        } finally {
            requestPermit.release(); // no-op once an outcome was recorded
        }
    }

    private void exchangeWithRetries(Request request, Response response, RouteMatch match, Upstream upstream,
                                     Breakers breakers, Permit requestPermit, long started,
                                     String pathAndQuery, LimitsConfig limits, long declared, boolean hasBody,
                                     Authenticator auth, ExchangeLog log) throws IOException {
        UpstreamConfig cfg = upstream.config();
        boolean perEndpoint = perEndpoint(upstream);
        boolean replayable = !hasBody && IDEMPOTENT.contains(request.getMethod());
        int maxAttempts = replayable ? cfg.retries().attempts() : 1;
        upstream.retryBudget().onRequest();
        ClientBody body = hasBody ? new ClientBody(request, limits.maxRequestBodyBytes()) : null;
        Endpoint avoid = null;
        int openSkips = 0;
        RequestTrace trace = log.trace;
        for (int attempt = 1; ; attempt++) {
            Endpoint endpoint = upstream.balancer().pick(avoid);
            trace.attempt(attempt, endpoint.origin());
            Permit permit = Permit.NONE;
            if (perEndpoint) {
                int breaking = trace.begin(Span.BREAKER, endpoint.origin());
                try {
                    permit = breakers.acquire(upstream.id(), endpoint.origin());
                    trace.end(breaking);
                } catch (GatewayException open) {
                    trace.fail(breaking, open.failure().name());
                    // This endpoint's breaker is open: try another one without spending an attempt.
                    if (++openSkips < 2 * upstream.endpoints().size()) {
                        avoid = endpoint;
                        attempt--;
                        continue;
                    }
                    throw open;
                }
            }
            log.endpoint = endpoint.origin();
            log.attempts = attempt;
            HttpFields headers = upstreamHeaders(request, endpoint, match.route().rewrite(), auth, log);
            long sent = System.nanoTime();
            int waiting = trace.begin(Span.UPSTREAM_HEADERS, endpoint.origin());
            try (var inFlight = endpoint.track()) {
                UpstreamResponse upstreamResponse;
                try {
                    upstreamResponse = upstream.transport().exchange(endpoint, request.getMethod(), pathAndQuery,
                            headers, body, hasBody ? declared : 0, replayable, trace);
                } catch (GatewayException e) {
                    trace.fail(waiting, e.failure().name());
                    boolean upstreamFault = blamesUpstream(e.failure());
                    if (upstreamFault) {
                        permit.onFailure(System.nanoTime() - sent);
                        endpoint.onFailure();
                    } else {
                        permit.release();
                    }
                    if (resendable(e) && attempt < maxAttempts && upstream.retryBudget().tryRetry()) {
                        avoid = endpoint;
                        continue;
                    }
                    if (upstreamFault) {
                        requestPermit.onFailure(System.nanoTime() - started);
                    }
                    throw e;
                } catch (RuntimeException | Error e) {
                    permit.release();
                    throw e;
                }
                log.upstreamHeadersNanos = System.nanoTime() - sent;
                int status = upstreamResponse.status();
                trace.end(waiting, status);
                permit.onResponse(status, log.upstreamHeadersNanos);
                if (status >= 500) {
                    endpoint.onFailure();
                } else {
                    endpoint.onSuccess();
                }
                if ((status == 502 || status == 503) && attempt < maxAttempts && upstream.retryBudget().tryRetry()) {
                    upstreamResponse.discard(new IOException("retrying after " + status));
                    avoid = endpoint;
                    continue;
                }
                requestPermit.onResponse(status, System.nanoTime() - started);
                relay(upstreamResponse, response, match.route().rewrite(), log);
                if (body != null) {
                    log.bytesIn = body.received();
                }
                return;
            }
        }
    }

    /**
     * Failures after which the request may go to another endpoint (when it is replayable, which
     * {@code maxAttempts} already says): the upstream never got it (connect failure), or the
     * connection broke before any byte of the response came back (reset, end of stream: an endpoint
     * killed with requests in flight). An idempotent request may run twice then, which RFC 9110
     * 9.2.2 allows. Not a timeout: a slow upstream would get the request twice.
     */
    private static boolean resendable(GatewayException e) {
        return e.failure() == Failure.UPSTREAM_UNREACHABLE || UpstreamFailures.nothingReceived(e);
    }

    private static boolean perEndpoint(Upstream upstream) {
        return upstream.config().breaker().scope().equals("endpoint");
    }

    /** Failures that say something about the upstream (breaker and outlier accounting), not about the client. */
    private static boolean blamesUpstream(Failure f) {
        return f == Failure.UPSTREAM_UNREACHABLE || f == Failure.UPSTREAM_PROTOCOL_ERROR || f == Failure.UPSTREAM_TIMEOUT;
    }

    private static boolean mayHaveBody(Request request) {
        if (request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return true;
        }
        // HTTP/2 and HTTP/3 frame bodies without Content-Length; only body-less methods are sure to have none.
        return request.getConnectionMetaData().getHttpVersion().getVersion() >= 20
                && !HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod());
    }

    /**
     * The proxy→upstream request headers: end-to-end headers, Host per route, forwarding headers,
     * this node's trace context (when tracing is on; otherwise the caller's passes through like any
     * header), rules, and last what authentication decides (API key removed, identity header set).
     */
    private HttpFields upstreamHeaders(Request clientToProxy, Endpoint endpoint, RewriteConfig rewrite, Authenticator auth,
                                       ExchangeLog log) {
        HttpFields in = clientToProxy.getHeaders();
        HttpFields.Mutable out = HttpFields.build(in.size() + 8);
        boolean traced = log.trace.on();
        String clientHost = in.get(HttpHeader.HOST);
        if (clientHost == null) {
            clientHost = clientToProxy.getHttpURI().getAuthority();
        }
        out.put(HttpHeader.HOST, Rewrites.upstreamHost(rewrite, clientHost, endpoint.authority()));
        Set<String> named = HopByHop.connectionNamed(in);
        for (HttpField field : in) {
            HttpHeader h = field.getHeader();
            if (h == HttpHeader.HOST || h == HttpHeader.CONTENT_LENGTH || h == HttpHeader.EXPECT
                    || h == HttpHeader.X_FORWARDED_FOR || h == HttpHeader.X_FORWARDED_PROTO
                    || h == HttpHeader.X_FORWARDED_HOST || h == HttpHeader.VIA || h == HttpHeader.FORWARDED
                    || !HopByHop.forwardable(field, named) || h == null && traced && RequestTrace.isTraceHeader(field)) {
                continue;
            }
            out.add(field);
        }
        log.trace.toUpstream(out);
        ForwardedHeaders.add(out, in, clientToProxy.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2 ? "2" : "1.1",
                Request.getRemoteAddr(clientToProxy), clientToProxy.isSecure() ? "https" : "http", clientHost, viaName);
        out.put(ProblemResponses.REQUEST_ID_HEADER, log.requestId);
        HeaderRewriter.apply(rewrite.requestHeaders(), out);
        if (auth != null) {
            auth.toUpstream(out, Identity.of(clientToProxy));
        }
        return out;
    }

    private void relay(UpstreamResponse upstream, Response response, RewriteConfig rewrite, ExchangeLog log) throws IOException {
        response.setStatus(upstream.status());
        log.status = upstream.status();
        HttpFields.Mutable out = response.getHeaders();
        HttpFields upstreamHeaders = upstream.headers();
        Set<String> named = HopByHop.connectionNamed(upstreamHeaders);
        for (HttpField field : upstreamHeaders) {
            if (field.getHeader() != HttpHeader.TE && HopByHop.forwardable(field, named)) {
                out.add(field);
            }
        }
        out.put(ProblemResponses.REQUEST_ID_HEADER, log.requestId);
        HeaderRewriter.apply(rewrite.responseHeaders(), out);
        if (!upstreamHeaders.contains(HttpHeader.CONTENT_LENGTH)) {
            response.setTrailersSupplier(upstream::trailers);
        }
        int relaying = log.trace.begin(Span.BODY);
        try {
            while (true) {
                ByteBuffer data;
                try {
                    data = upstream.read();
                } catch (IOException e) {
                    throw UpstreamFailures.classify(e);
                }
                boolean last = data == null || upstream.finished();
                try {
                    if (data != null) {
                        log.bytesOut += data.remaining();
                    }
                    Blocking.write(response, last, data == null ? EMPTY : data);
                } catch (IOException clientGone) {
                    log.failure = "CLIENT_ABORTED";
                    throw clientGone;
                }
                if (last) {
                    upstream.close();
                    log.trace.end(relaying);
                    return;
                }
            }
        } finally {
            // No-op after close(); otherwise the body was not read to the end, so the connection cannot be reused.
            upstream.discard(new IOException("response relay ended early"));
        }
    }
}
