package io.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.certs.Role;
import io.sluice.cluster.Json;
import io.sluice.it.GatewayFixture;
import io.sluice.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiling resources of a real node over its mTLS admin port. The node's idle timeout is 1 s,
 * shorter than the 2 s profiles, so a profile answer must outlive it.
 */
class ProfileAdminIT {

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayFixture gateway;
    static Path operator;
    static Path viewer;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.in(dir.resolve("pki"));
        gateway = GatewayFixture.start(pki, "", "", """
                admin: {host: 127.0.0.1, port: 0, tls: %s}
                limits: {clientIdleTimeout: 1s}
                """.formatted(pki.tlsYaml("test-node", "required")));
        operator = pki.operator("olga", Role.OPERATOR);
        viewer = pki.operator("vera", Role.VIEWER);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void anOperatorProfilesANodeAndDownloadsItAsJsonCollapsedStacksAndSpeedscope() throws Exception {
        var posted = admin(operator, "POST", "/admin/v1/profiles", "{\"kind\":\"cpu\",\"seconds\":2}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode result = Json.mapper().readTree(posted.body());
        String id = result.get("id").asText();
        assertThat(result.get("node").asText()).isEqualTo("test-node");
        assertThat(result.get("kind").asText()).isEqualTo("cpu");
        assertThat(result.get("durationMillis").asLong()).isGreaterThanOrEqualTo(1_900);
        assertThat(result.at("/root/name").asText()).isEqualTo("all");
        assertThat(posted.headers().firstValue("Content-Location")).hasValue("/admin/v1/profiles/" + id);

        var list = admin(viewer, "GET", "/admin/v1/profiles", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode first = Json.mapper().readTree(list.body()).get(0);
        assertThat(first.get("id").asText()).as("newest first").isEqualTo(id);
        assertThat(first.get("root").isNull()).as("lists carry no trees").isTrue();

        var collapsed = admin(viewer, "GET", "/admin/v1/profiles/" + id + "?format=collapsed", null);
        assertThat(collapsed.statusCode()).isEqualTo(200);
        assertThat(collapsed.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(collapsed.body().lines()).allMatch(l -> l.matches("\\S.* \\d+"));
        assertThat(collapsed.body().lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum())
                .isEqualTo(result.at("/root/total").asLong());

        var speedscope = admin(viewer, "GET", "/admin/v1/profiles/" + id + "?format=speedscope", null);
        assertThat(speedscope.statusCode()).isEqualTo(200);
        assertThat(speedscope.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(speedscope.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment; filename=\"test-node-" + id).endsWith(".speedscope.json\"");
        assertThat(Json.mapper().readTree(speedscope.body()).get("$schema").asText()).isEqualTo(ProfileFormats.SPEEDSCOPE_SCHEMA);

        assertThat(admin(viewer, "GET", "/admin/v1/profiles/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondProfileWhileOneRunsGets409SayingWhichKindRunsAndWhenItEnds() throws Exception {
        CompletableFuture<HttpResponse<String>> wall = CompletableFuture.supplyAsync(
                () -> call(operator, "POST", "/admin/v1/profiles?format=collapsed", "{\"kind\":\"wall\",\"seconds\":2}"));
        Thread.sleep(400);
        var alloc = admin(operator, "POST", "/admin/v1/profiles", "{\"kind\":\"alloc\",\"seconds\":1}");
        var first = wall.get();

        // Whichever got there first ran; the other was refused, naming the one that ran.
        var refused = alloc.statusCode() == 409 ? alloc : first;
        var ran = refused == alloc ? first : alloc;
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("profile-running", refused == alloc ? "(kind wall, started " : "(kind alloc, started ", ", ends ");
    }

    @Test
    void badKindSecondsOrFormatGet400NamingWhatIsAllowed() throws Exception {
        var kind = admin(operator, "POST", "/admin/v1/profiles", "{\"kind\":\"heap\",\"seconds\":1}");
        assertThat(kind.statusCode()).isEqualTo(400);
        assertThat(kind.body()).contains("kind must be cpu, alloc or wall, not 'heap'");
        var seconds = admin(operator, "POST", "/admin/v1/profiles", "{\"kind\":\"cpu\",\"seconds\":301}");
        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(seconds.body()).contains("seconds must be a whole number from 1 to 300, not 301");
        var format = admin(operator, "POST", "/admin/v1/profiles?format=svg", "{\"kind\":\"cpu\",\"seconds\":1}");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(format.body()).contains("format must be json, collapsed or speedscope");
        assertThat(admin(viewer, "GET", "/admin/v1/threads?format=xml", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aViewerMayReadButNotStartAProfile() throws Exception {
        var refused = admin(viewer, "POST", "/admin/v1/profiles", "{\"kind\":\"cpu\",\"seconds\":1}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("forbidden");
        assertThat(admin(viewer, "GET", "/admin/v1/profiles", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theThreadDumpListsAParkedVirtualThread() throws Exception {
        String name = "profile-it-parked-" + System.nanoTime();
        Thread parked = Thread.ofVirtual().name(name).start(LockSupport::park);
        try {
            while (parked.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
            var json = admin(viewer, "GET", "/admin/v1/threads", null);
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            List<JsonNode> matching = new java.util.ArrayList<>();
            for (JsonNode container : Json.mapper().readTree(json.body()).at("/threadDump/threadContainers")) {
                container.get("threads").forEach(t -> {
                    if (t.get("name").asText().equals(name)) {
                        matching.add(t);
                    }
                });
            }
            assertThat(matching).singleElement().satisfies(t -> {
                assertThat(t.get("virtual").asBoolean()).isTrue();
                assertThat(t.get("stack").toString()).contains("LockSupport.park");
            });

            var text = admin(viewer, "GET", "/admin/v1/threads?format=text", null);
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(text.body()).contains(name);
        } finally {
            LockSupport.unpark(parked);
        }
    }

    private static HttpResponse<String> admin(Path keyStore, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.node().port("admin") + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        // A client per call: with the node's 1 s idle timeout, a pooled connection may be closing
        // just as the next call picks it up.
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(pki.clientContext(keyStore)).build()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> call(Path keyStore, String method, String path, String json) {
        try {
            return admin(keyStore, method, path, json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
