package io.sluice.cluster;

import io.sluice.demo.DemoUpstream;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;

/**
 * Two real demo upstreams, {@code blue} and {@code green}, and the one-route shared config that
 * sends every request to one of them: what the config and integrity tests switch between.
 */
final class BlueGreen implements AutoCloseable {

    private final Server blue;
    private final Server green;

    private BlueGreen(Server blue, Server green) {
        this.blue = blue;
        this.green = green;
    }

    static BlueGreen start() throws Exception {
        return new BlueGreen(DemoUpstream.start("blue", "127.0.0.1", 0), DemoUpstream.start("green", "127.0.0.1", 0));
    }

    /** The shared part of a node file routing everything to {@code upstream}; {@code tag} names the route, so versions differ. */
    String shared(String upstream, String tag) {
        Server target = upstream.equals("blue") ? blue : green;
        return """
                upstreams:
                  - id: %s
                    endpoints: [{url: "http://127.0.0.1:%d"}]
                routes:
                  - id: all-%s
                    match: {pathPrefix: /}
                    upstream: %s
                """.formatted(upstream, DemoUpstream.port(target), tag, upstream);
    }

    /** Which demo upstream answered. */
    static String servedBy(HttpResponse<String> r) {
        return r.headers().firstValue("X-Upstream").orElse(r.body());
    }

    @Override
    public void close() throws Exception {
        try {
            blue.stop();
        } finally {
            green.stop();
        }
    }
}
