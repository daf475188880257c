package io.sluice.tls;

import io.sluice.certs.Role;
import io.sluice.config.ConfigLoader;
import io.sluice.demo.DemoUpstream;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessLog;
import io.sluice.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;

/**
 * A standalone gateway node with every kind of TLS endpoint, started from YAML like production:
 * listeners {@code plain}, {@code open} (TLS, no client certificates), {@code optional} and
 * {@code required} (client certificates), the admin port, and three upstreams: a plain one
 * ({@code /}), an mTLS upstream reached with the gateway's client certificate ({@code /secure})
 * and the same upstream without one ({@code /nocert}). All certificates come from one test CA.
 */
final class TlsNode implements AutoCloseable {

    final TestPki pki;
    final Server plainUpstream;
    final Server mtlsUpstream;
    final GatewayNode node;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    TlsNode(Path dir) throws Exception {
        pki = TestPki.in(dir.resolve("pki"));
        plainUpstream = DemoUpstream.start("plain-app", "127.0.0.1", 0);
        mtlsUpstream = DemoUpstream.startTls("mtls-app", pki.node("upstream").toString(), TestPki.PASSWORD,
                pki.trustStore().toString());
        String yaml = """
                node: {id: node-1, drainTimeout: 2s, accessLog: false}
                listeners:
                  - {name: plain, host: 127.0.0.1, port: 0}
                  - {name: open, host: 127.0.0.1, port: 0, tls: %s}
                  - {name: optional, host: 127.0.0.1, port: 0, tls: %s}
                  - {name: required, host: 127.0.0.1, port: 0, tls: %s}
                admin: {host: 127.0.0.1, port: 0, tls: %s}
                upstreams:
                  - id: app
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                  - id: secure
                    protocol: h2
                    endpoints: [{url: "https://localhost:%d"}]
                    trustStore: %s
                    trustStorePassword: %s
                    keyStore: %s
                    keyStorePassword: %s
                  - id: nocert
                    protocol: h2
                    endpoints: [{url: "https://localhost:%d"}]
                    trustStore: %s
                    trustStorePassword: %s
                    retries: {attempts: 1}
                routes:
                  - {id: secure, match: {pathPrefix: /secure}, upstream: secure}
                  - {id: nocert, match: {pathPrefix: /nocert}, upstream: nocert}
                  - {id: app, match: {pathPrefix: /}, upstream: app}
                """.formatted(
                "{keyStore: %s, keyStorePassword: %s}".formatted(pki.node("node-1"), TestPki.PASSWORD),
                pki.tlsYaml("node-1", "optional"), pki.tlsYaml("node-1", "required"), pki.tlsYaml("node-1", "required"),
                DemoUpstream.port(plainUpstream),
                DemoUpstream.port(mtlsUpstream), pki.trustStore(), TestPki.PASSWORD, pki.client("gateway"), TestPki.PASSWORD,
                DemoUpstream.port(mtlsUpstream), pki.trustStore(), TestPki.PASSWORD);
        node = new GatewayNode(new ConfigLoader().parse(yaml), InstantSource.system(), AccessLog.OFF);
        node.start();
    }

    String url(String listener, String path) {
        String scheme = listener.equals("plain") ? "http" : "https";
        return scheme + "://127.0.0.1:" + node.port(listener) + path;
    }

    /** GET {@code path} on {@code listener} presenting {@code keyStore} (null: no client certificate). */
    HttpResponse<String> get(String listener, String path, Path keyStore) throws Exception {
        return send(keyStore, HttpRequest.newBuilder(URI.create(url(listener, path))).GET().build());
    }

    /** GET presenting {@code keyStore}'s certificate even if the server does not name its CA (a foreign certificate, sent on purpose). */
    HttpResponse<String> getPresenting(String listener, String path, Path keyStore) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(pki.clientContext(keyStore, true)).build();
        try (client) {
            return client.send(HttpRequest.newBuilder(URI.create(url(listener, path))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** An admin call presenting {@code keyStore}. */
    HttpResponse<String> admin(Path keyStore, String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("admin", path)));
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        return send(keyStore, b.build());
    }

    Path operator(String name) {
        return pki.operator(name, Role.OPERATOR);
    }

    Path viewer(String name) {
        return pki.operator(name, Role.VIEWER);
    }

    private HttpResponse<String> send(Path keyStore, HttpRequest request) throws Exception {
        HttpClient client = clients.computeIfAbsent(String.valueOf(keyStore), k -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).sslContext(pki.clientContext(keyStore)).build());
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        try {
            node.stop();
        } finally {
            plainUpstream.stop();
            mtlsUpstream.stop();
        }
    }
}
