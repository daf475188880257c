package io.sluice.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.CertificateInfo;
import io.sluice.model.ConfigVersion;
import io.sluice.model.LimiterUsage;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import io.sluice.model.OverrideRequest;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import io.sluice.model.RouteInfo;
import io.sluice.model.TraceRecord;
import io.sluice.model.UpstreamInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A blocking client for one node's admin API ({@code /admin/v1} over HTTPS with a client
 * certificate): one method per resource, answers as the shared-model records, every non-2xx answer
 * an {@link AdminException} with the node's problem, no answer at all a
 * {@link NodeUnreachableException}. Every call has a timeout. Calls are safe from several threads;
 * a UI calls them off its UI thread.
 *
 * <pre>{@code
 * try (AdminClient node = AdminClient.create("https://10.0.0.5:19080", tls.sslContext())) {
 *     for (NodeStatus member : node.nodes()) {
 *         NodeInfo info = node.forNode(member.adminUrl()).node();
 *     }
 * }
 * }</pre>
 */
public final class AdminClient implements AutoCloseable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // newer nodes may add fields

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final boolean ownsHttp;

    private AdminClient(URI base, HttpClient http, Duration timeout, boolean ownsHttp) {
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.ownsHttp = ownsHttp;
    }

    /** A client for the node at {@code adminUrl} ({@code https://HOST:PORT}) with the default timeouts. */
    public static AdminClient create(String adminUrl, SSLContext tls) {
        return create(adminUrl, tls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    /**
     * A client for the node at {@code adminUrl}: {@code https://HOST:PORT}, with or without the
     * {@code /admin/v1} path. {@code tls} presents the client certificate (null: the JDK's default,
     * which presents none); {@code timeout} bounds each call unless the call sets its own (profiles).
     */
    public static AdminClient create(String adminUrl, SSLContext tls, Duration connectTimeout, Duration timeout) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (tls != null) {
            b.sslContext(tls);
        }
        return new AdminClient(baseUri(adminUrl), b.build(), Objects.requireNonNull(timeout, "timeout"), true);
    }

    /**
     * A client for another member (its {@link NodeStatus#adminUrl()}) with the same TLS material and
     * connections pool; closing it does nothing, closing this one closes both.
     */
    public AdminClient forNode(String adminUrl) {
        return new AdminClient(baseUri(adminUrl), http, timeout, false);
    }

    /** The node this client talks to: {@code https://HOST:PORT}. */
    public URI baseUrl() {
        return base;
    }

    static URI baseUri(String adminUrl) {
        Objects.requireNonNull(adminUrl, "adminUrl");
        String url = adminUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith(AdminCall.API)) {
            url = url.substring(0, url.length() - AdminCall.API.length());
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw new IllegalArgumentException("an admin URL looks like https://HOST:PORT, got '" + adminUrl + "'");
        }
        return uri;
    }

    // ---- the resources, typed

    public NodeInfo node() {
        return send(AdminCall.node());
    }

    public List<NodeStatus> nodes() {
        return send(AdminCall.nodes());
    }

    public NodeInfo drain(String reason) {
        return send(AdminCall.drain(reason));
    }

    public List<RouteInfo> routes() {
        return send(AdminCall.routes());
    }

    public List<UpstreamInfo> upstreams() {
        return send(AdminCall.upstreams());
    }

    public BreakersView breakers() {
        return send(AdminCall.breakers());
    }

    /** Forces {@code breaker} {@code forced-open} or {@code forced-closed}, or back to {@code auto}, on every node. */
    public BreakerOverrideInfo overrideBreaker(String breaker, String mode, String reason) {
        return send(AdminCall.override(new OverrideRequest(breaker, mode, reason)));
    }

    public List<LimiterUsage> limits() {
        return send(AdminCall.limits());
    }

    public List<CertificateInfo> certificates() {
        return send(AdminCall.certificates());
    }

    public ConfigVersion config() {
        return send(AdminCall.config());
    }

    public String configYaml() {
        return send(AdminCall.configYaml());
    }

    /** See {@link AdminCall#applyConfig}: 400 names what is invalid, 412 when {@code ifMatch} is stale. */
    public ConfigVersion applyConfig(String yaml, String comment, Long ifMatch) {
        return send(AdminCall.applyConfig(yaml, comment, ifMatch));
    }

    public List<ConfigVersion> configHistory() {
        return send(AdminCall.configHistory());
    }

    public ConfigVersion configVersion(long version) {
        return send(AdminCall.configVersion(version));
    }

    public ConfigVersion rollback(long version, String comment) {
        return send(AdminCall.rollback(version, comment));
    }

    public List<TraceRecord> traces(TraceQuery query) {
        return send(AdminCall.traces(query));
    }

    /** Blocks for the profile's duration; 409 while another profile runs on the node. */
    public ProfileResult profile(ProfileRequest request) {
        return send(AdminCall.profile(request));
    }

    public String threads(String format) {
        return send(AdminCall.threads(format));
    }

    public String metrics() {
        return send(AdminCall.metrics());
    }

    /**
     * Opens the node's live stream and hands every event to {@code listener} on a reader thread of
     * its own until the stream is closed or ends. Returns once the node accepted the subscription;
     * a refusal (403, 400 for a bad filter) is thrown here.
     */
    public EventStream events(EventFilter filter, Consumer<AdminEvent> listener) {
        AdminCall<String> call = AdminCall.events(filter == null ? EventFilter.all() : filter);
        HttpRequest request = request(call, timeout).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw Problems.of(response.statusCode(), response.headers(), body.readNBytes(64 * 1024), JSON);
            } catch (IOException e) {
                throw Problems.of(response.statusCode(), response.headers(), new byte[0], JSON);
            }
        }
        return EventStream.start(base.toString(), response.body(), listener, JSON);
    }

    // ---- sending

    /** Sends {@code call} and decodes its 2xx answer. */
    public <T> T send(AdminCall<T> call) {
        AdminResponse answer = fetch(call);
        try {
            return call.decode(answer.body(), JSON);
        } catch (IOException e) {
            throw new IllegalStateException(call + " answered a body this client cannot read: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Sends {@code call} and returns its 2xx answer as it came, for tools that pass the JSON on. */
    public AdminResponse fetch(AdminCall<?> call) {
        HttpRequest.Builder b = request(call, call.timeout() == null ? timeout : call.timeout());
        try {
            byte[] body = call.body(JSON);
            b.method(call.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the body of " + call + ": " + e.getMessage(), e);
        }
        HttpResponse<byte[]> response = exchange(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw Problems.of(response.statusCode(), response.headers(), response.body(), JSON);
        }
        return new AdminResponse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("ETag").orElse(null), response.body());
    }

    private HttpRequest.Builder request(AdminCall<?> call, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(call.target())).timeout(timeout);
        call.headers().forEach(b::header);
        if (call.contentType() != null) {
            b.header("Content-Type", call.contentType());
        }
        return b;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new NodeUnreachableException(base, Problems.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnreachableException(base, "interrupted while waiting for the answer", new java.io.InterruptedIOException());
        }
    }

    /** Closes the connections, if this client opened them (not one from {@link #forNode}). */
    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    @Override
    public String toString() {
        return "AdminClient[" + base + "]";
    }
}
