package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.config.ClusterConfig;
import io.sluice.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway nodes as separate JVM processes, as in production and in the demo: one is killed
 * with SIGKILL under load (no goodbye to the cluster, no drain), the other two keep serving and
 * keep accepting config changes, and the killed node restarts and catches up from its peers.
 */
class ProcessClusterIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpClient adminHttp;

    @Test
    void aKilledNodeDoesNotStopTheOthersAndCatchesUpWhenItReturns() throws Exception {
        try (CountingUpstream upstream = new CountingUpstream("app")) {
            // all nine ports found in one go: ports found one list at a time can repeat
            List<Integer> ports = TestMembers.freePorts(9);
            List<ClusterConfig> members = TestMembers.configs(dir.resolve("data"), ports.subList(0, 3));
            List<Integer> http = ports.subList(3, 6);
            List<Integer> admin = ports.subList(6, 9);
            List<Process> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    nodes.add(start(i, members.get(i), http.get(i), admin.get(i), upstream));
                }
                for (int i = 0; i < 3; i++) {
                    awaitUp(admin.get(i), nodes.get(i), i);
                }
                awaitStatus(http.get(2), "/small", 200);

                // steady load on nodes 1 and 2 while node 3 is killed
                AtomicInteger ok = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                long end = System.nanoTime() + 4_000_000_000L;
                List<Thread> load = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int port = http.get(t % 2);
                    load.add(Thread.ofVirtual().start(() -> {
                        while (System.nanoTime() < end) {
                            try {
                                int s = get(port, "/small").statusCode();
                                (s == 200 ? ok : failed).incrementAndGet();
                            } catch (Exception e) {
                                failed.incrementAndGet();
                            }
                        }
                    }));
                }
                Thread.sleep(500);
                nodes.get(2).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                for (Thread t : load) {
                    t.join();
                }
                System.out.printf("kill -9 of node-3 under load: %d requests to node-1/node-2 ok, %d failed%n", ok.get(), failed.get());
                assertThat(failed.get()).isZero();

                // the survivors still take config changes (partitions of the dead member moved to backups)
                String v2 = shared(upstream, "/moved");
                var put = admin(admin.get(0), "PUT", "/config", v2);
                assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                awaitStatus(http.get(1), "/moved/small", 200);

                // node-3 comes back with its old data folder and catches up
                nodes.set(2, start(2, members.get(2), http.get(2), admin.get(2), upstream));
                awaitUp(admin.get(2), nodes.get(2), 2);
                awaitStatus(http.get(2), "/moved/small", 200);
                assertThat(admin(admin.get(2), "GET", "/node", null).body()).contains("\"configVersion\":2");
            } finally {
                for (Process p : nodes) {
                    p.destroy();
                }
                for (Process p : nodes) {
                    if (!p.waitFor(15, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    private static String shared(CountingUpstream upstream, String prefix) {
        return """
                upstreams:
                  - id: app
                    endpoints: [{url: "%s"}]
                routes:
                  - id: app
                    match: {pathPrefix: "%s"}
                    upstream: app
                    rewrite: {stripPrefix: %s}
                """.formatted(upstream.url(), prefix, !prefix.equals("/"));
    }

    private Process start(int i, ClusterConfig member, int httpPort, int adminPort, CountingUpstream upstream) throws IOException {
        Path file = dir.resolve("node-" + (i + 1) + ".yaml");
        Files.writeString(file, """
                node: {id: node-%d, drainTimeout: 2s, accessLog: false}
                listeners: [{name: http, host: 127.0.0.1, port: %d}]
                admin: {host: 127.0.0.1, port: %d, tls: %s}
                cluster: {name: %s, host: 127.0.0.1, port: %d, members: [%s], dataDir: "%s", identity: %s}
                """.formatted(i + 1, httpPort, adminPort, pki().tlsYaml("node-" + (i + 1), "required"), member.name(),
                member.port(), String.join(", ", member.members()), member.dataDir(),
                pki().identityYaml("node-" + (i + 1))) + shared(upstream, "/"));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx192m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--sun-misc")).toList());
        cmd.addAll(List.of("io.sluice.Main", "--config", file.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node-" + (i + 1) + ".log").toFile()).start();
    }

    private void awaitUp(int adminPort, Process p, int i) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (admin(adminPort, "GET", "/node", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("node-" + (i + 1) + " did not start: "
                        + Files.readString(dir.resolve("node-" + (i + 1) + ".log")));
            }
            Thread.sleep(100);
        }
    }

    private void awaitStatus(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                if (get(port, path).statusCode() == status) {
                    return;
                }
            } catch (IOException notYet) {
                // retry
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("port " + port + " never answered " + status + " on " + path);
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The test CA that TestMembers.configs gave the members (the same directory gives the same CA). */
    private TestPki pki() {
        return TestPki.in(dir.resolve("data").resolve("pki"));
    }

    private HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        if (adminHttp == null) {
            adminHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .sslContext(pki().clientContext(pki().operator("test-operator", Role.OPERATOR))).build();
        }
        return adminHttp.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/admin/v1" + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
