package io.sluice.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigLoader;
import io.sluice.demo.DemoUpstream;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/** With {@code node.tracing.enabled: false} the caller's trace headers reach the upstream untouched and nothing is kept. */
class TracingOffIT {

    @Test
    void shouldPassTheCallersTraceHeadersThroughUntouchedWhenTracingIsOff() throws Exception {
        Server upstream = DemoUpstream.start("up", "127.0.0.1", 0);
        GatewayNode node = new GatewayNode(new ConfigLoader().parse("""
                node: {id: off-1, drainTimeout: 2s, accessLog: false, tracing: {enabled: false}}
                listeners:
                  - {name: plain, host: 127.0.0.1, port: 0}
                upstreams:
                  - id: demo
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                routes:
                  - {id: all, match: {pathPrefix: /}, upstream: demo}
                """.formatted(DemoUpstream.port(upstream))), InstantSource.system(), AccessLog.OFF);
        node.start();
        String invalid = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"; // invalid, yet not the node's business
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + node.port("plain") + "/status?code=500"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port("plain") + "/echo"))
                    .headers("traceparent", invalid, "tracestate", "congo=t61rcWkgMzE").build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(body).contains("traceparent: " + invalid + "\n", "tracestate: congo=t61rcWkgMzE\n");
            assertThat(node.tracer().traces(TraceList.FAILED, TraceFilter.ANY, 10)).isEmpty();
        } finally {
            node.stop();
            upstream.stop();
        }
    }
}
