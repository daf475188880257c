package io.sluice.it;

import io.sluice.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.ConfigException;
import io.sluice.config.EndpointConfig;
import io.sluice.config.GatewayConfig;
import io.sluice.config.ListenerConfig;
import io.sluice.config.MatchConfig;
import io.sluice.config.RewriteConfig;
import io.sluice.config.RouteConfig;
import io.sluice.config.UpstreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes and upstreams change while traffic flows: every request succeeds across the swaps, new
 * routes answer at once, and a config that is invalid or that would need a restart is rejected
 * with the running config left in place.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigSwapIT {

    @TempDir
    static Path dir;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayFixture.start(TestPki.create(dir));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static GatewayConfig withExtraRoute(GatewayConfig c, int n, String upstreamId, List<UpstreamConfig> upstreams) {
        List<RouteConfig> routes = new ArrayList<>(c.routes().stream().filter(r -> !r.id().startsWith("v")).toList());
        routes.add(new RouteConfig("v" + n, 1, new MatchConfig(null, null, "/v" + n, null, null, null), upstreamId,
                new RewriteConfig(true, null, null, null, null)));
        return new GatewayConfig(c.node(), c.listeners(), c.limits(), upstreams, routes);
    }

    @Test
    void shouldServeEveryRequestWhileRoutesAndUpstreamsAreSwapped() throws Exception {
        HttpClient client = new HttpClient();
        client.start();
        String base = "http://127.0.0.1:" + gateway.plainPort();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            load.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        var r = client.newRequest(base + "/small").timeout(5, TimeUnit.SECONDS).send();
                        if (r.getStatus() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + r.getStatus());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        try {
            GatewayConfig original = gateway.node().currentConfig();
            UpstreamConfig demo = original.upstreams().getFirst();
            for (int n = 1; n <= 20; n++) {
                // every other change also replaces the upstream (new pool), the others keep it
                UpstreamConfig upstream = n % 2 == 0 ? demo : new UpstreamConfig("alt", null, null,
                        List.of(new EndpointConfig(gateway.upstreamUrl(), n)), null, null, null, null, null, null, null, null);
                List<UpstreamConfig> upstreams = n % 2 == 0 ? List.of(demo) : List.of(demo, upstream);
                gateway.node().apply(withExtraRoute(original, n, upstream.id(), upstreams));
                var r = client.newRequest(base + "/v" + n + "/small").timeout(5, TimeUnit.SECONDS).send();
                assertThat(r.getStatus()).as("route v" + n + " answers right after the swap").isEqualTo(200);
                Thread.sleep(20);
            }
        } finally {
            running.set(false);
            for (Thread t : load) {
                t.join();
            }
            client.stop();
        }
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(20);
        assertThat(gateway.node().currentConfig().routes()).anyMatch(r -> r.id().equals("v20"));
    }

    @Test
    void shouldKeepRunningConfigWhenNewConfigIsInvalidOrNeedsRestart() throws Exception {
        GatewayConfig running = gateway.node().currentConfig();
        GatewayConfig badTemplate = new GatewayConfig(running.node(), running.listeners(), running.limits(), running.upstreams(),
                List.of(new RouteConfig("t", 0, new MatchConfig(null, null, null, "/a/{id}", null, null), "demo",
                        new RewriteConfig(null, "/b/{nope}", null, null, null))));
        assertThatThrownBy(() -> gateway.node().apply(badTemplate))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].rewrite.path");

        List<ListenerConfig> moved = List.of(new ListenerConfig("plain", "127.0.0.1", 1, null, null));
        GatewayConfig newListener = new GatewayConfig(running.node(), moved, running.limits(), running.upstreams(), running.routes());
        assertThatThrownBy(() -> gateway.node().apply(newListener))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners");

        assertThat(gateway.node().currentConfig()).isSameAs(running);
        HttpClient client = new HttpClient();
        client.start();
        try {
            assertThat(client.newRequest("http://127.0.0.1:" + gateway.plainPort() + "/small").timeout(5, TimeUnit.SECONDS)
                    .send().getStatus()).isEqualTo(200);
        } finally {
            client.stop();
        }
    }
}
