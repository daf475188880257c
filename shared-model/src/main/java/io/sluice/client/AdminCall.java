package io.sluice.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.BreakerOverrideInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.CertificateInfo;
import io.sluice.model.ConfigVersion;
import io.sluice.model.DrainRequest;
import io.sluice.model.LimiterUsage;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import io.sluice.model.OverrideRequest;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import io.sluice.model.RollbackRequest;
import io.sluice.model.RouteInfo;
import io.sluice.model.TraceRecord;
import io.sluice.model.UpstreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One admin API request and how its answer is read: the catalogue of what a node offers, as values
 * that {@link AdminClient#send} sends. A tool that passes the API's JSON on unchanged (sluicectl
 * {@code --json}) sends the same call with {@link AdminClient#fetch} and keeps the text.
 *
 * @param <T> what the answer's body becomes
 */
public final class AdminCall<T> {

    /** Turns a 2xx body into a value. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] body, ObjectMapper json) throws IOException;
    }

    static final String API = "/admin/v1";
    private static final String JSON = "application/json";

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final String contentType;
    private final Object body;
    private final Duration timeout;
    private final Decoder<T> decoder;

    private AdminCall(String method, String path, Map<String, String> query, Map<String, String> headers,
                      String contentType, Object body, Duration timeout, Decoder<T> decoder) {
        this.method = method;
        this.path = path;
        this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query)); // in the order given
        this.headers = Map.copyOf(headers);
        this.contentType = contentType;
        this.body = body;
        this.timeout = timeout;
        this.decoder = decoder;
    }

    private static <T> AdminCall<T> get(String path, Decoder<T> decoder) {
        return new AdminCall<>("GET", API + path, Map.of(), Map.of(), null, null, null, decoder);
    }

    private static <T> AdminCall<T> post(String path, Object jsonBody, Decoder<T> decoder) {
        return new AdminCall<>("POST", API + path, Map.of(), Map.of(), JSON, jsonBody, null, decoder);
    }

    private AdminCall<T> withQuery(String name, Object value) {
        Map<String, String> q = new LinkedHashMap<>(query);
        Queries.put(q, name, value);
        return new AdminCall<>(method, path, q, headers, contentType, body, timeout, decoder);
    }

    private AdminCall<T> withTimeout(Duration timeout) {
        return new AdminCall<>(method, path, query, headers, contentType, body, timeout, decoder);
    }

    // ---- this node and the cluster

    /** {@code GET /admin/v1/node}: the node asked, its build, uptime, config version and JVM. */
    public static AdminCall<NodeInfo> node() {
        return get("/node", json(new TypeReference<>() { }));
    }

    /** {@code GET /admin/v1/nodes}: every live member with its admin URL and config version. */
    public static AdminCall<List<NodeStatus>> nodes() {
        return get("/nodes", json(new TypeReference<>() { }));
    }

    /** {@code POST /admin/v1/node/drain}: the node stops taking connections and finishes what it has. */
    public static AdminCall<NodeInfo> drain(String reason) {
        return post("/node/drain", new DrainRequest(reason), json(new TypeReference<>() { }));
    }

    /** {@code GET /admin/v1/certificates}: what the node presents and trusts, with days left. */
    public static AdminCall<List<CertificateInfo>> certificates() {
        return get("/certificates", json(new TypeReference<>() { }));
    }

    // ---- traffic

    public static AdminCall<List<RouteInfo>> routes() {
        return get("/routes", json(new TypeReference<>() { }));
    }

    public static AdminCall<List<UpstreamInfo>> upstreams() {
        return get("/upstreams", json(new TypeReference<>() { }));
    }

    /** {@code GET /admin/v1/breakers}: every breaker on every node and the operator overrides. */
    public static AdminCall<BreakersView> breakers() {
        return get("/breakers", json(new TypeReference<>() { }));
    }

    /** {@code POST /admin/v1/breakers/overrides}: force a breaker open or closed, or back to automatic, cluster-wide. */
    public static AdminCall<BreakerOverrideInfo> override(OverrideRequest request) {
        return post("/breakers/overrides", Objects.requireNonNull(request, "request"), json(new TypeReference<>() { }));
    }

    public static AdminCall<List<LimiterUsage>> limits() {
        return get("/limits", json(new TypeReference<>() { }));
    }

    public static AdminCall<List<TraceRecord>> traces(TraceQuery query) {
        AdminCall<List<TraceRecord>> call = get("/traces", json(new TypeReference<>() { }));
        for (var p : query.parameters().entrySet()) {
            call = call.withQuery(p.getKey(), p.getValue());
        }
        return call;
    }

    /** {@code GET /admin/v1/events}: the live stream; {@link AdminClient#events} reads it. */
    static AdminCall<String> events(EventFilter filter) {
        AdminCall<String> call = get("/events", AdminCall::text);
        for (var p : filter.parameters().entrySet()) {
            call = call.withQuery(p.getKey(), p.getValue());
        }
        return call;
    }

    // ---- config

    /** {@code GET /admin/v1/config}: the version the cluster runs, with its YAML text. */
    public static AdminCall<ConfigVersion> config() {
        return get("/config", json(new TypeReference<>() { }));
    }

    /** The running config's YAML text only, as applied. */
    public static AdminCall<String> configYaml() {
        return get("/config", AdminCall::text).withQuery("format", "yaml");
    }

    /**
     * {@code PUT /admin/v1/config}: {@code yaml} becomes the next version if it validates, and only if
     * the cluster still runs {@code ifMatch} when that is not null. Answers the new version's summary.
     */
    public static AdminCall<ConfigVersion> applyConfig(String yaml, String comment, Long ifMatch) {
        Map<String, String> headers = new LinkedHashMap<>();
        Queries.put(headers, "X-Sluice-Comment", comment);
        Queries.put(headers, "If-Match", ifMatch == null ? null : "\"" + ifMatch + "\"");
        return new AdminCall<>("PUT", API + "/config", Map.of(), headers, "application/yaml",
                Objects.requireNonNull(yaml, "yaml"), null, json(new TypeReference<>() { }));
    }

    /** The last versions, newest first, without their text. */
    public static AdminCall<List<ConfigVersion>> configHistory() {
        return get("/config/history", json(new TypeReference<>() { }));
    }

    /** One version from the history, with its text. */
    public static AdminCall<ConfigVersion> configVersion(long version) {
        return get("/config/history/" + version, json(new TypeReference<>() { }));
    }

    /** {@code POST /admin/v1/config/rollback}: {@code version}'s text becomes the next version. */
    public static AdminCall<ConfigVersion> rollback(long version, String comment) {
        return post("/config/rollback", new RollbackRequest(version, comment), json(new TypeReference<>() { }));
    }

    // ---- profiling and diagnostics

    /**
     * {@code POST /admin/v1/profiles}: profiles the node for the request's seconds (the call blocks that
     * long) and answers the call tree. A node runs one profile at a time: 409 while another runs.
     */
    public static AdminCall<ProfileResult> profile(ProfileRequest request) {
        return post("/profiles", request, json(new TypeReference<ProfileResult>() { })).withTimeout(profileTimeout(request));
    }

    /** Like {@link #profile(ProfileRequest)}, answered as a download: {@code collapsed} stacks or {@code speedscope} JSON. */
    public static AdminCall<byte[]> profileDownload(ProfileRequest request, String format) {
        return post("/profiles", request, AdminCall::bytes).withQuery("format", format).withTimeout(profileTimeout(request));
    }

    /** A finished profile again, by id, in {@code format} ({@code json}, {@code collapsed} or {@code speedscope}). */
    public static AdminCall<byte[]> profileById(String id, String format) {
        return get("/profiles/" + id, AdminCall::bytes).withQuery("format", format);
    }

    /** A thread dump including virtual threads: {@code text} (jstack-like) or {@code json}. */
    public static AdminCall<String> threads(String format) {
        return get("/threads", AdminCall::text).withQuery("format", format);
    }

    /** {@code GET /metrics}: the node's Prometheus text exposition. */
    public static AdminCall<String> metrics() {
        return new AdminCall<>("GET", "/metrics", Map.of(), Map.of(), null, null, null, AdminCall::text);
    }

    private static Duration profileTimeout(ProfileRequest request) {
        int seconds = request.seconds() == null ? 30 : request.seconds();
        return Duration.ofSeconds(seconds + 30L);
    }

    private static <T> Decoder<T> json(TypeReference<T> type) {
        return (body, mapper) -> mapper.readValue(body, type);
    }

    private static String text(byte[] body, ObjectMapper mapper) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[] body, ObjectMapper mapper) {
        return body;
    }

    // ---- what the client needs to send it

    public String method() {
        return method;
    }

    /** The path from the node's root, with the query string. */
    public String target() {
        return path + Queries.encode(query);
    }

    Map<String, String> headers() {
        return headers;
    }

    String contentType() {
        return contentType;
    }

    /** The body as bytes: text as UTF-8, anything else as JSON; null without a body. */
    byte[] body(ObjectMapper mapper) throws IOException {
        if (body == null) {
            return null;
        }
        return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : mapper.writeValueAsBytes(body);
    }

    /** How long to wait for the answer; null for the client's default. */
    Duration timeout() {
        return timeout;
    }

    T decode(byte[] body, ObjectMapper mapper) throws IOException {
        return decoder.decode(body, mapper);
    }

    @Override
    public String toString() {
        return method + " " + target();
    }
}
