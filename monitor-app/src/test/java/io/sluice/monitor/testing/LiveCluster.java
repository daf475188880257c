package io.sluice.monitor.testing;

import io.sluice.certs.Role;
import io.sluice.client.AdminClient;
import io.sluice.client.ClientTls;
import io.sluice.cluster.ClusterFixture;
import io.sluice.demo.DemoUpstream;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.Identity;
import io.sluice.testing.TestPki;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.eclipse.jetty.server.Server;

/**
 * A real cluster for the monitor's tests: gateway nodes in this JVM (the server's own test
 * fixture: Jetty, embedded Hazelcast on loopback, admin API over mTLS with certificates minted
 * for the test) in front of one demo upstream, and monitor sessions that connect to it the way
 * the app does, from a PKCS12 operator or viewer key store and the cluster's trust store.
 */
public final class LiveCluster implements AutoCloseable {

    /** Upstream {@code demo} with a breaker that opens after a few failures; routes /api and /slow. */
    public static final String SHARED = """
            upstreams:
              - id: demo
                endpoints: [{url: "%s"}]
                breaker: {minimumCalls: 4, failureRateThreshold: 50, openDuration: 30s}
                outlierDetection: {enabled: false}
                retries: {attempts: 1}
            rateLimits:
              - {id: per-key, rate: 1000, per: 1s, burst: 1000, key: "header:X-Api-Key"}
            routes:
              - id: api
                match: {pathPrefix: /api}
                upstream: demo
                rateLimit: per-key
                rewrite: {stripPrefix: true}
              - id: all
                match: {pathPrefix: /}
                upstream: demo
            """;

    private final Server upstream;
    private final ClusterFixture cluster;

    private LiveCluster(Server upstream, ClusterFixture cluster) {
        this.upstream = upstream;
        this.cluster = cluster;
    }

    /** {@code nodes} gateway nodes with data under {@code dir}. */
    public static LiveCluster start(int nodes, Path dir) throws Exception {
        Server upstream = DemoUpstream.start("demo", "127.0.0.1", 0);
        try {
            String shared = SHARED.formatted("http://127.0.0.1:" + DemoUpstream.port(upstream));
            return new LiveCluster(upstream, ClusterFixture.start(nodes, dir, shared));
        } catch (RuntimeException e) {
            upstream.stop();
            throw e;
        }
    }

    public ClusterFixture fixture() {
        return cluster;
    }

    /** The admin address of node {@code i}: {@code https://127.0.0.1:PORT/admin/v1}. */
    public String adminUrl(int i) {
        return cluster.adminUrl(i);
    }

    /** A PKCS12 key store for {@code name} with {@code role}, and its password {@link TestPki#PASSWORD}. */
    public Path keyStore(String name, Role role) {
        return cluster.pki().operator(name, role);
    }

    public Path trustStore() {
        return cluster.pki().trustStore();
    }

    /** Client TLS as the connect dialog builds it: the key store plus the cluster's trust store. */
    public ClientTls tls(String name, Role role) {
        char[] password = TestPki.PASSWORD.toCharArray();
        return ClientTls.pkcs12(keyStore(name, role), password).trusting(trustStore(), password);
    }

    /** A client for node {@code i} as {@code name} with {@code role}. */
    public AdminClient client(int i, String name, Role role) {
        return AdminClient.create(adminUrl(i), tls(name, role).sslContext(), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** A started session seeded at node {@code i}, polling fast so tests see changes quickly. */
    public ClusterSession session(int i, String name, Role role) {
        ClientTls tls = tls(name, role);
        ClusterSession s = new ClusterSession(
                AdminClient.create(adminUrl(i), tls.sslContext(), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                Identity.of(tls.certificate()),
                new ClusterSession.Timing(Duration.ofMillis(200), Duration.ofMillis(500)), InstantSource.system());
        s.start();
        return s;
    }

    /** One proxied GET through node {@code i}'s plain listener. */
    public HttpResponse<String> get(int i, String path) throws Exception {
        return cluster.get(i, path);
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            upstream.stop();
        }
    }
}
