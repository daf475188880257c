package io.sluice.cluster;

import io.sluice.certs.Role;
import io.sluice.config.ClusterConfig;
import io.sluice.config.ConfigLoader;
import io.sluice.config.GatewayConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Real gateway nodes in this JVM, each with its own Jetty server, embedded Hazelcast member
 * (TCP-IP join on loopback), admin listener and data folder: the in-process form of the demo
 * cluster. Listener and admin ports are 0; member ports are found free first.
 */
public final class ClusterFixture implements AutoCloseable {

    private final List<ClusterConfig> clusters;
    private final String sharedYaml;
    private final GatewayNode[] nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final TestPki pki;
    private final Map<String, HttpClient> adminClients = new ConcurrentHashMap<>();

    private ClusterFixture(List<ClusterConfig> clusters, String sharedYaml, TestPki pki) {
        this.clusters = clusters;
        this.sharedYaml = sharedYaml;
        this.nodes = new GatewayNode[clusters.size()];
        this.pki = pki;
    }

    public static ClusterFixture start(int n, Path dataRoot, String sharedYaml) {
        ClusterFixture f = new ClusterFixture(TestMembers.configs(n, dataRoot), sharedYaml, TestPki.in(dataRoot.resolve("pki")));
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            starting.add(CompletableFuture.runAsync(() -> f.startNode(index)));
        }
        starting.forEach(CompletableFuture::join);
        return f;
    }

    /** The node file of node {@code i}: its own settings and the shared part it seeds the cluster with. */
    public String nodeYaml(int i, String shared) {
        ClusterConfig c = clusters.get(i);
        return """
                node: {id: node-%d, drainTimeout: 2s, accessLog: false}
                listeners:
                  - {name: http, host: 127.0.0.1, port: 0, protocols: [http/1.1, h2c]}
                  - {name: https, host: 127.0.0.1, port: 0, protocols: [h2, http/1.1], tls: %s}
                admin: {host: 127.0.0.1, port: 0, tls: %s}
                cluster:
                  name: %s
                  host: 127.0.0.1
                  port: %d
                  members: [%s]
                  dataDir: %s
                  identity: %s
                """.formatted(i + 1, pki.tlsYaml("node-" + (i + 1), "optional"), pki.tlsYaml("node-" + (i + 1), "required"),
                c.name(), c.port(),
                String.join(", ", c.members()), c.dataDir(), pki.identityYaml("node-" + (i + 1))) + shared;
    }

    public void startNode(int i) {
        startNode(i, sharedYaml);
    }

    /** (Re)starts node {@code i} with {@code shared} as the shared part of its file. */
    public void startNode(int i, String shared) {
        try {
            ConfigLoader loader = new ConfigLoader();
            String text = nodeYaml(i, shared);
            GatewayConfig config = loader.parse(text);
            GatewayNode node = new GatewayNode(config, loader.extractShared(text), InstantSource.system(), AccessLog.OFF);
            node.start();
            nodes[i] = node;
        } catch (Exception e) {
            throw new IllegalStateException("node-" + (i + 1) + " did not start", e);
        }
    }

    public GatewayNode node(int i) {
        return nodes[i];
    }

    public int size() {
        return nodes.length;
    }

    public String httpUrl(int i) {
        return "http://127.0.0.1:" + nodes[i].port("http");
    }

    /** The TLS listener of node {@code i} (h2 + HTTP/1.1, client certificates optional). */
    public String httpsUrl(int i) {
        return "https://127.0.0.1:" + nodes[i].port("https");
    }

    public String adminUrl(int i) {
        return "https://127.0.0.1:" + nodes[i].port("admin") + "/admin/v1";
    }

    /** Drops the cached admin clients, so the next call loads its key store again (after a rotation). */
    public void forgetAdminClients() {
        adminClients.clear();
    }

    /** The cluster's test CA: node, operator and viewer certificates. */
    public TestPki pki() {
        return pki;
    }

    /** Stops node {@code i} cleanly (drain, leave the cluster). */
    public void stop(int i) throws Exception {
        nodes[i].stop();
        nodes[i] = null;
    }

    /** Ends node {@code i} the way kill -9 ends its member: no goodbye to the cluster. */
    public void kill(int i) throws Exception {
        nodes[i].hazelcast().getLifecycleService().terminate();
        nodes[i].stop();
        nodes[i] = null;
    }

    /** An admin call to node {@code i} as the operator "test-operator" (client certificate with role operator). */
    public HttpResponse<String> admin(int i, String method, String path, String body, String... headers) throws Exception {
        return adminAs("test-operator", i, method, path, body, headers);
    }

    /** An admin call as the operator certificate with common name {@code operator}. */
    public HttpResponse<String> adminAs(String operator, int i, String method, String path, String body,
            String... headers) throws Exception {
        return adminWith(pki.operator(operator, Role.OPERATOR), i, method, path, body, headers);
    }

    /** An admin call presenting the key store {@code keyStore} (null: no client certificate). */
    public HttpResponse<String> adminWith(Path keyStore, int i, String method, String path, String body,
            String... headers) throws Exception {
        HttpClient client = adminClients.computeIfAbsent(String.valueOf(keyStore), k -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).sslContext(pki.clientContext(keyStore)).build());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl(i) + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client request to node {@code i}, with extra headers (name, value, ...). */
    public HttpResponse<String> get(int i, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(httpUrl(i) + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until every running node runs config {@code version}. */
    public void awaitVersion(long version) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            boolean all = true;
            for (GatewayNode n : nodes) {
                if (n != null && n.configSync().running().version() != version) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every node reached config version " + version);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                try {
                    kill(i);
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }
}
