package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.certs.IssuedCertificate;
import io.sluice.certs.KeyStores;
import io.sluice.certs.Role;
import io.sluice.cluster.ClusterFixture;
import io.sluice.demo.DemoUpstream;
import io.sluice.model.BreakersView;
import io.sluice.model.ConfigVersion;
import io.sluice.model.NodeStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sluicectl run in-process ({@link Sluicectl#run}) against three real nodes (Jetty and embedded
 * Hazelcast each) whose admin ports require client certificates from a CA minted for the test:
 * the operator's and the viewer's certificates are written as PEM, as an operator gets them.
 */
class SluicectlIT {

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    static Path dir;

    static Server blue;
    static ClusterFixture cluster;
    static Map<String, String> operatorEnv;
    static Map<String, String> viewerEnv;

    @BeforeAll
    static void start() throws Exception {
        blue = DemoUpstream.start("blue", "127.0.0.1", 0);
        cluster = ClusterFixture.start(3, dir.resolve("cluster"), shared("v1"));
        cluster.awaitVersion(1);
        var ca = cluster.pki().ca();
        Path bundle = Files.writeString(dir.resolve("ca-bundle.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        operatorEnv = env(ca.issueOperator("cli-operator", Role.OPERATOR, Duration.ofDays(20)), "operator", bundle);
        viewerEnv = env(ca.issueOperator("cli-viewer", Role.VIEWER, Duration.ofDays(20)), "viewer", bundle);
        awaitNodes(3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (blue != null) {
            blue.stop();
        }
    }

    static String shared(String tag) {
        return """
                upstreams:
                  - id: blue
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                rateLimits:
                  - {id: per-key, rate: 100, per: 1s, burst: 100, key: "header:X-Api-Key"}
                routes:
                  - id: all-%s
                    match: {pathPrefix: /}
                    upstream: blue
                    rateLimit: per-key
                """.formatted(DemoUpstream.port(blue), tag);
    }

    /** The environment sluicectl.sh would pass: node-1's admin URL and PEM files for {@code cert}. */
    private static Map<String, String> env(IssuedCertificate cert, String name, Path bundle) {
        Path pem = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        KeyStores.writePem(cert, pem, key);
        return Map.of("SLUICE_ADMIN", cluster.adminUrl(0), "SLUICE_CERT", pem.toString(), "SLUICE_KEY", key.toString(),
                "SLUICE_CA", bundle.toString());
    }

    private static void awaitNodes(int n) throws Exception {
        for (long deadline = System.nanoTime() + 15_000_000_000L; ; Thread.sleep(50)) {
            Run r = runAs(operatorEnv, "--json", "nodes");
            if (r.code() == 0 && JSON.readValue(r.out(), new TypeReference<List<NodeStatus>>() { }).size() == n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node list never showed " + n + " nodes: " + r);
            }
        }
    }

    static Run runAs(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Sluicectl(env, InstantSource.system(), ZoneOffset.UTC, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return runAs(operatorEnv, args);
    }

    @Test
    void statusListsEveryNodeInOneTable() throws Exception {
        Run r = run("status");

        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("NODE").contains("VERSION", "UPTIME", "CONFIG", "DRAINING",
                "BREAKERS NOT CLOSED", "CERT DAYS");
        assertThat(lines).hasSize(4);
        for (int i = 1; i <= 3; i++) {
            assertThat(lines.get(i)).startsWith("node-" + i).contains(cluster.node(i - 1).port("admin") + "");
        }
        assertThat(lines.get(1)).containsPattern("^node-1 +\\S+ +\\d+[smhd]");

        Run json = run("--json", "status");
        List<StatusCommand.Row> rows = JSON.readValue(json.out(), new TypeReference<>() { });
        assertThat(rows).extracting(StatusCommand.Row::nodeId).containsExactly("node-1", "node-2", "node-3");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.error()).isNull();
            assertThat(row.node().configVersion()).isPositive();
            assertThat(row.certificateDaysLeft()).isBetween(5L, 30L);
        });
    }

    @Test
    void tripThenBreakersShowsForcedOpenWithTheActor() throws Exception {
        try {
            Run trip = run("trip", "blue", "--reason", "db failover");
            assertThat(trip.code()).as(trip.toString()).isZero();
            assertThat(trip.out()).contains("breaker blue forced open", "by cli-operator", "db failover");

            Run breakers = run("breakers");
            assertThat(breakers.code()).as(breakers.toString()).isZero();
            assertThat(breakers.out()).contains("Operator overrides");
            assertThat(breakers.out().lines().filter(l -> l.startsWith("blue ")))
                    .singleElement().asString().contains("FORCED_OPEN", "cli-operator", "db failover");

            // every node applies it and says so in its own rows
            for (long deadline = System.nanoTime() + 10_000_000_000L; ; Thread.sleep(50)) {
                BreakersView view = JSON.readValue(run("--json", "breakers", "list").out(), BreakersView.class);
                long open = view.breakers().stream().filter(b -> b.name().equals("blue") && b.state().equals("FORCED_OPEN")).count();
                if (open == 3) {
                    break;
                }
                assertThat(System.nanoTime()).as("three nodes show blue FORCED_OPEN: " + view).isLessThan(deadline);
            }
            Run status = run("status");
            assertThat(status.out().lines().skip(1)).allSatisfy(l -> assertThat(l).contains("blue FORCED_OPEN"));
        } finally {
            Run auto = run("breakers", "auto", "blue", "--reason", "back to normal");
            assertThat(auto.code()).as(auto.toString()).isZero();
            assertThat(auto.out()).contains("back to automatic");
        }
    }

    @Test
    void jsonOutputIsTheApisJsonAndParsesAsTheRecords() throws Exception {
        Run nodes = run("--json", "nodes");
        assertThat(nodes.code()).isZero();
        List<NodeStatus> list = JSON.readValue(nodes.out(), new TypeReference<>() { });
        assertThat(list).extracting(NodeStatus::nodeId).containsExactlyInAnyOrder("node-1", "node-2", "node-3");

        Run config = run("config", "show", "--json");
        ConfigVersion head = JSON.readValue(config.out(), ConfigVersion.class);
        assertThat(head.yaml()).contains("upstreams:");
        assertThat(head.sha256()).hasSize(64);

        Run breakers = run("breakers", "--json");
        assertThat(JSON.readValue(breakers.out(), BreakersView.class).breakers()).extracting(b -> b.name()).contains("blue");
    }

    @Test
    void configApplyHistoryAndRollback() throws Exception {
        long before = JSON.readValue(run("--json", "config", "show").out(), ConfigVersion.class).version();
        String original = run("config", "show", "--yaml").out();
        Path file = Files.writeString(dir.resolve("shared-v2.yaml"), shared("v2"));

        Run apply = run("config", "apply", file.toString(), "--comment", "rename the route", "--if-match", "" + before);
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(apply.out()).startsWith("config version " + (before + 1) + " applied by cli-operator").contains("rename the route");
        cluster.awaitVersion(before + 1);
        assertThat(run("routes").out()).contains("all-v2").doesNotContain("all-v1");

        Run stale = run("config", "apply", file.toString(), "--if-match", "" + before);
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).startsWith("sluicectl: refused (412 Precondition Failed): ");

        Run history = run("config", "history");
        assertThat(history.code()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("VERSION").contains("APPLIED", "BY", "SHA-256", "COMMENT");
        assertThat(lines.get(1).strip()).startsWith(String.valueOf(before + 1)).contains("cli-operator", "rename the route", "ago)");

        Run rollback = run("config", "rollback", "" + before, "--comment", "v2 was a mistake");
        assertThat(rollback.code()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).startsWith("config version " + (before + 2) + " applied by cli-operator")
                .contains("v2 was a mistake");
        cluster.awaitVersion(before + 2);
        assertThat(run("config", "show", "--yaml").out()).isEqualTo(original);
        assertThat(run("config", "show", "" + (before + 1)).out()).startsWith("# config version " + (before + 1))
                .contains("all-v2");
    }

    @Test
    void aViewerMayReadButTrippingExitsOneWithTheProblem() {
        assertThat(runAs(viewerEnv, "breakers").code()).isZero();

        Run r = runAs(viewerEnv, "trip", "blue", "--reason", "viewer tries");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("sluicectl: refused (403 Forbidden): this certificate's role may not do that\n");
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndTheUsage() {
        Run unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines().findFirst()).hasValue("sluicectl: unknown command 'frobnicate'");
        assertThat(unknown.err()).contains("usage: sluicectl");

        assertThat(run("trip", "blue").err()).startsWith("sluicectl: trip needs --reason TEXT");
        assertThat(run("config", "apply").code()).isEqualTo(2);
        assertThat(run("breakers", "list", "--comment", "x").err()).startsWith("sluicectl: breakers list does not take --comment");
        assertThat(run("traces", "--list", "oldest").err()).startsWith("sluicectl: list must be recent, slowest or failed");
        assertThat(run("status", "--seconds").err()).startsWith("sluicectl: --seconds needs a value");
        assertThat(run().code()).isEqualTo(2);

        Run help = runAs(Map.of(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("usage: sluicectl", "config apply FILE", "Exit codes");
    }

    @Test
    void setUpAndConnectionProblemsSayWhatToDo() throws Exception {
        Map<String, String> noCerts = new HashMap<>(operatorEnv);
        noCerts.remove("SLUICE_CERT");
        noCerts.put("SLUICE_CERTS", dir.resolve("nowhere").toString());
        Run missing = runAs(noCerts, "nodes");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("sluicectl: cannot read " + dir.resolve("nowhere").resolve("operator.pem"))
                .contains("SLUICE_CERT");

        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run nobody = run("--node", "https://127.0.0.1:" + closed, "status");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).startsWith("sluicectl: cannot reach https://127.0.0.1:" + closed + ": connection refused")
                .contains("is the node running?");
    }

    @Test
    void aNodeIdPicksTheMemberAndAKeyStoreWorksLikePem() {
        Run node2 = run("--node", "node-2", "node");
        assertThat(node2.code()).as(node2.toString()).isZero();
        assertThat(node2.out()).startsWith("node-2 (Sluice ");

        Run p12 = runAs(Map.of("SLUICE_ADMIN", cluster.adminUrl(1)), "--keystore",
                cluster.pki().operator("p12-operator", Role.OPERATOR).toString(), "--password", "changeit",
                "--ca", cluster.pki().trustStore().toString(), "nodes");
        assertThat(p12.code()).as(p12.toString()).isZero();
        assertThat(p12.out()).contains("node-1", "node-2", "node-3");
        assertThat(p12.err()).as("the test's key stores are valid for a week")
                .startsWith("sluicectl: warning: the client certificate ").contains("p12-operator.p12", "expires in 6d");

        Run unknown = run("--node", "node-9", "node");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no live node 'node-9'", "node-1, node-2, node-3");
    }

    @Test
    void readsOfEveryResourcePrintTables() throws Exception {
        for (int i = 0; i < 5; i++) {
            cluster.get(0, "/small", "X-Api-Key", "k1");
        }
        assertThat(run("routes").out()).contains("ROUTE", "all-", "blue", "per-key");
        assertThat(run("upstreams").out()).contains("UPSTREAM", "blue", "http://127.0.0.1:" + DemoUpstream.port(blue));
        assertThat(run("limits").out()).contains("POLICY", "per-key");
        assertThat(run("certificates").out()).contains("USE", "admin", "DAYS LEFT");
        assertThat(run("metrics").out()).contains("# TYPE");
        cluster.get(0, "/status?code=500"); // failed requests are always kept
        Run traces = run("traces", "--list", "failed", "--status", "5xx", "--limit", "3");
        assertThat(traces.code()).as(traces.toString()).isZero();
        assertThat(traces.out()).startsWith("WHEN");
        assertThat(traces.out().lines().skip(1)).first().asString().contains("node-1", "500", "GET", "/status", "all-");
    }

    @Test
    void tailPrintsOneLinePerEventAndStopsAfterTheCount() {
        Run tail = run("tail", "--types", "metrics", "--count", "2");

        assertThat(tail.code()).as(tail.toString()).isZero();
        assertThat(tail.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("node-1  metrics  ", "/s requests"));

        Run json = run("--json", "tail", "--types", "metrics", "--count", "1");
        assertThat(json.out()).startsWith("{\"type\":\"metrics\"").contains("\"data\":{\"node\":\"node-1\"");
    }

    @Test
    void tailShowsTheTracesOfFailingRequestsAsTheyHappen() throws Exception {
        var tail = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run("--node", "node-2", "tail", "--types", "trace", "--status", "5xx", "--count", "1"));
        for (long deadline = System.nanoTime() + 10_000_000_000L; !tail.isDone() && System.nanoTime() < deadline; ) {
            cluster.get(1, "/small");
            cluster.get(1, "/status?code=502");
            Thread.sleep(100);
        }

        Run r = tail.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines()).singleElement().asString().contains("node-2  trace    502 GET /status", "route=all-");
    }

    @Test
    void profileAndThreadsWriteFiles() throws Exception {
        Path collapsed = dir.resolve("cpu.collapsed");
        Run profile = run("--node", "node-2", "profile", "--kind", "wall", "--seconds", "1", "--out", collapsed.toString());
        assertThat(profile.code()).as(profile.toString()).isZero();
        assertThat(profile.out()).startsWith("wrote " + collapsed);
        assertThat(Files.size(collapsed)).isPositive();

        Path json = dir.resolve("cpu.json");
        Run tree = run("profile", "--kind", "wall", "--seconds", "1", "--out", json.toString(), "--format", "json");
        assertThat(tree.code()).as(tree.toString()).isZero();
        assertThat(tree.out()).contains("wall profile of node-1", "SELF");

        Path dump = dir.resolve("threads.txt");
        Run threads = run("threads", "--out", dump.toString());
        assertThat(threads.code()).as(threads.toString()).isZero();
        assertThat(Files.readString(dump)).isNotBlank();
    }

    @Test
    void drainMarksTheNodeDrainingInStatus() throws Exception {
        Run drain = run("--node", "node-3", "drain", "--reason", "kernel update");
        assertThat(drain.code()).as(drain.toString()).isZero();
        assertThat(drain.out()).startsWith("node-3 is draining");

        assertThat(run("status").out().lines().filter(l -> l.startsWith("node-3"))).singleElement().asString()
                .contains("DRAINING");
    }
}
