package io.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.it.GatewayFixture;
import io.sluice.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's Prometheus metrics after real requests through a real gateway: request counts and
 * latency by route, upstream and status class, failures by name, breaker state, JVM.
 */
class RequestMetricsIT {

    @TempDir
    Path dir;

    @Test
    void requestsFailuresBreakersAndTheJvmAreExposed() throws Exception {
        String routes = """
                - id: dead
                  match:
                    pathPrefix: /dead
                  upstream: dead
                """;
        String upstreams = """
                - id: dead
                  endpoints:
                    - url: ${DEAD}
                  retries: {attempts: 1}
                """;
        try (GatewayFixture gw = GatewayFixture.start(TestPki.create(dir), routes, upstreams, "");
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + gw.plainPort();
            for (int i = 0; i < 3; i++) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/small")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/dead/x")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(502);

            String text = awaitScrape(gw, "route=\"dead\"", "failure=\"UPSTREAM_UNREACHABLE\"");
            assertThat(value(text, "sluice_request_duration_seconds_count", "route=\"default\"", "status_class=\"2xx\"",
                    "upstream=\"demo\"")).isEqualTo(3);
            assertThat(value(text, "sluice_request_duration_seconds_count", "route=\"dead\"", "status_class=\"5xx\"")).isEqualTo(1);
            assertThat(value(text, "sluice_request_failures_total", "route=\"dead\"", "failure=\"UPSTREAM_UNREACHABLE\"")).isEqualTo(1);
            assertThat(value(text, "sluice_upstream_response_headers_seconds_count", "upstream=\"demo\"")).isEqualTo(3);
            assertThat(value(text, "sluice_breaker_state", "breaker=\"demo\"", "state=\"closed\"")).isEqualTo(1);
            assertThat(value(text, "sluice_breaker_state", "breaker=\"demo\"", "state=\"open\"")).isZero();
            assertThat(text).contains("# TYPE sluice_request_duration_seconds histogram", "le=\"0.005\"",
                    "jvm_memory_used_bytes", "jvm_threads_current");
        }
    }

    /**
     * Scrapes until every {@code expected} text appears: the metrics are recorded after the response
     * is sent, one after another (the duration before the failure count), so waiting for one is not
     * waiting for all.
     */
    private static String awaitScrape(GatewayFixture gw, String... expected) throws InterruptedException {
        String text = "";
        for (int i = 0; i < 200 && !Arrays.stream(expected).allMatch(text::contains); i++) {
            text = gw.node().metrics().scrape();
            Thread.sleep(10);
        }
        return text;
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    private static double value(String text, String name, String... labels) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + name + " with " + Arrays.toString(labels));
                })
                .orElseThrow(() -> new AssertionError("no sample of " + name + " with " + Arrays.toString(labels) + " in:\n" + text));
    }
}
