package io.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.certs.CertificateAuthority;
import io.sluice.certs.Role;
import io.sluice.cluster.ClusterFixture;
import io.sluice.demo.DemoUpstream;
import io.sluice.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every certificate of a three-node cluster is rotated while clients send HTTPS traffic (h2 and
 * HTTP/1.1, with client certificates, new connections all the time so that handshakes happen
 * during the swaps): first the leaves (node and operator certificates reissued by the same CA),
 * then the CA itself in its three phases (trust old + new, reissue every leaf with the new CA,
 * trust only the new one). No request may fail, every node must serve the new serial on every
 * TLS port, the operator's new certificate must work on the admin port, and shared-state changes
 * signed with the new node keys must still reach every node.
 */
class RotationUnderLoadIT {

    @TempDir
    static Path dir;
    static Server app;
    static ClusterFixture cluster;
    static TestPki pki;

    @BeforeAll
    static void start() throws Exception {
        app = DemoUpstream.start("app", "127.0.0.1", 0);
        cluster = ClusterFixture.start(3, dir, shared("v1"));
        cluster.awaitVersion(1);
        pki = cluster.pki();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
        app.stop();
    }

    static String shared(String tag) {
        return """
                upstreams:
                  - id: app
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                routes:
                  - id: all-%s
                    match: {pathPrefix: /}
                    upstream: app
                """.formatted(DemoUpstream.port(app), tag);
    }

    @Test
    @Timeout(120)
    void rotatingEveryCertificateAndThenTheCaLosesNoRequest() throws Exception {
        pki.client("load");
        try (Load load = new Load(6)) {
            load.awaitRequests(300);

            // 1. leaves: every node certificate (listeners, admin port, cluster identity) and the operator's
            CertificateAuthority ca = pki.ca();
            List<String> serials = renewAll(ca);
            reloadAll();
            assertServed(serials);
            pki.renewOperator("test-operator", Role.OPERATOR, ca);
            cluster.forgetAdminClients();
            changeConfigAndAwait("v2", 2);
            load.awaitRequests(load.ok() + 300);

            // 2. the CA, phase 1: trust old and new
            CertificateAuthority next = CertificateAuthority.create("Test CA next", Duration.ofDays(30));
            pki.trust(ca.certificate(), next.certificate());
            reloadAll();
            load.awaitRequests(load.ok() + 200);
            // phase 2: reissue every leaf with the new CA (nodes, operator, the load's client certificate)
            serials = renewAll(next);
            pki.renewOperator("test-operator", Role.OPERATOR, next);
            pki.write("load", next.issueClient("load", Duration.ofDays(7)));
            reloadAll();
            assertServed(serials);
            cluster.forgetAdminClients();
            changeConfigAndAwait("v3", 3);
            load.awaitRequests(load.ok() + 300);
            // phase 3: trust only the new CA
            pki.trust(next.certificate());
            reloadAll();
            load.awaitRequests(load.ok() + 300);
            cluster.forgetAdminClients();
            changeConfigAndAwait("v4", 4);

            Path oldOperator = pki.write("old-operator", ca.issueOperator("old-operator", Role.OPERATOR, Duration.ofDays(1)));
            assertThatThrownBy(() -> cluster.adminWith(oldOperator, 0, "GET", "/node", null))
                    .as("a certificate of the retired CA no longer opens the admin port").isInstanceOf(java.io.IOException.class);

            load.stop();
            System.out.printf("rotation under load: %d requests, %d failed, %d connections (clients) opened%n",
                    load.ok() + load.failed(), load.failed(), load.clients());
            assertThat(load.failures).as("failed requests").isEmpty();
            assertThat(load.failed()).isZero();
        }
    }

    private static List<String> renewAll(CertificateAuthority issuer) {
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            serials.add(pki.renewNode("node-" + (i + 1), issuer));
        }
        return serials;
    }

    /** What the 1-second key-store poll does, done now so that the test does not wait for it. */
    private static void reloadAll() {
        for (int i = 0; i < cluster.size(); i++) {
            cluster.node(i).reloadKeyStores();
        }
    }

    private static void assertServed(List<String> serials) throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            for (String listener : List.of("https", "admin")) {
                assertThat(servedSerial(cluster.node(i).port(listener)))
                        .as("node-%d %s serves the new certificate", i + 1, listener).isEqualTo(serials.get(i));
            }
        }
    }

    private static void changeConfigAndAwait(String tag, long version) throws Exception {
        var put = cluster.admin(version == 2 ? 0 : (int) (version % 3), "PUT", "/config", shared(tag),
                "Content-Type", "application/yaml");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        cluster.awaitVersion(version);
    }

    /** The serial (hex) of the certificate a TLS port presents in a fresh handshake, with the operator's certificate. */
    private static String servedSerial(int port) throws Exception {
        var context = pki.clientContext(pki.operator("test-operator", Role.OPERATOR));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
        }
    }

    /**
     * Clients on virtual threads sending GETs round-robin to the nodes' TLS listener, alternating
     * h2 and HTTP/1.1, presenting the "load" client certificate; each client lives 100 ms, then a
     * new one (new connections, new handshakes, the key and trust files read again) takes over.
     */
    static final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong clients = new AtomicLong();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();

        Load(int workers) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                threads.add(Thread.ofVirtual().start(() -> run(worker)));
            }
        }

        private void run(int worker) {
            int n = 0;
            while (running.get()) {
                HttpClient client = HttpClient.newBuilder()
                        .version(worker % 2 == 0 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .sslContext(pki.clientContext(pki.client("load"))).build();
                clients.incrementAndGet();
                long until = System.nanoTime() + 100_000_000L;
                try (client) {
                    while (running.get() && System.nanoTime() < until) {
                        int node = n++ % cluster.size();
                        try {
                            var r = client.send(HttpRequest.newBuilder(URI.create(cluster.httpsUrl(node) + "/small"))
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                fail("node-" + (node + 1) + ": HTTP " + r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            fail("node-" + (node + 1) + ": " + e);
                        }
                    }
                }
            }
        }

        private void fail(String what) {
            failed.incrementAndGet();
            if (failures.size() < 20) {
                failures.add(what);
            }
        }

        long ok() {
            return ok.get();
        }

        long failed() {
            return failed.get();
        }

        long clients() {
            return clients.get();
        }

        void awaitRequests(long total) throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ok.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ok.get()).as("requests served (failures: %s)", failures).isGreaterThanOrEqualTo(total);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(15_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
