package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigLoader;
import io.sluice.demo.DemoUpstream;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessRecord;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/**
 * Pooled upstream connections: a keep-alive connection the upstream has closed (here: the upstream
 * restarted) is detected on reuse and the request is sent again on a fresh connection, without
 * counting as a retry and without the client noticing.
 */
class UpstreamConnectionIT {

    @Test
    void shouldResendOnFreshConnectionWhenPooledConnectionWasClosedByUpstream() throws Exception {
        Server upstream = DemoUpstream.start("first", "127.0.0.1", 0);
        int upstreamPort = DemoUpstream.port(upstream);
        List<AccessRecord> log = new CopyOnWriteArrayList<>();
        GatewayNode node = new GatewayNode(new ConfigLoader().parse("""
                listeners: [{name: plain, host: 127.0.0.1, port: 0}]
                upstreams:
                  - id: demo
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                    retries: {attempts: 1}
                routes: [{id: all, match: {pathPrefix: /}, upstream: demo}]
                """.formatted(upstreamPort)), InstantSource.system(), log::add);
        node.start();
        HttpClient client = new HttpClient();
        client.start();
        try {
            String url = "http://127.0.0.1:" + node.port("plain") + "/small";
            assertThat(client.newRequest(url).timeout(5, TimeUnit.SECONDS).send().getHeaders().get("X-Upstream")).isEqualTo("first");
            upstream.stop();
            upstream = DemoUpstream.start("second", "127.0.0.1", upstreamPort);

            ContentResponse r = client.newRequest(url).headers(h -> h.put("X-Request-Id", "after-restart"))
                    .timeout(5, TimeUnit.SECONDS).send();

            assertThat(r.getStatus()).isEqualTo(200);
            assertThat(r.getHeaders().get("X-Upstream")).isEqualTo("second");
            assertThat(GatewayFixture.awaitRecord(log, "after-restart").attempts()).isEqualTo(1);

            // A POST cannot be replayed: after a pause the pool probes the idle connection before
            // reuse, so the restarted upstream's closed socket is never used for it.
            upstream.stop();
            upstream = DemoUpstream.start("third", "127.0.0.1", upstreamPort);
            Thread.sleep(1200);
            ContentResponse post = client.newRequest(url.replace("/small", "/echo")).method("POST")
                    .body(new org.eclipse.jetty.client.StringRequestContent("payload")).timeout(5, TimeUnit.SECONDS).send();
            assertThat(post.getStatus()).isEqualTo(200);
            assertThat(post.getContentAsString()).contains("body-bytes: 7");
        } finally {
            client.stop();
            node.stop();
            upstream.stop();
        }
    }
}
