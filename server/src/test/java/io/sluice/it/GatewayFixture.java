package io.sluice.it;

import io.sluice.testing.TestPki;
import io.sluice.config.ConfigLoader;
import io.sluice.config.GatewayConfig;
import io.sluice.demo.DemoUpstream;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessRecord;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Server;

/**
 * A real gateway node on port 0 (plain listener with HTTP/1.1 + h2c, TLS listener with h2 +
 * http/1.1) in front of real demo upstreams, configured from YAML like production. Extra routes
 * and upstreams are appended as YAML text.
 */
public final class GatewayFixture implements AutoCloseable {

    private final Server upstream;
    private final Server tlsUpstream;
    private final GatewayNode node;
    private final List<AccessRecord> accessLog = new CopyOnWriteArrayList<>();

    private GatewayFixture(Server upstream, Server tlsUpstream, GatewayNode node) {
        this.upstream = upstream;
        this.tlsUpstream = tlsUpstream;
        this.node = node;
    }

    /**
     * The YAML snippets may use {@code ${UPSTREAM}} (the demo upstream's http://127.0.0.1:port),
     * {@code ${TLS_UPSTREAM}} (a TLS demo upstream speaking h2, https://localhost:port), {@code ${TRUST}}
     * and {@code ${PASSWORD}} (the test CA trust store) and {@code ${DEAD}} (a port with nothing listening).
     */
    public static GatewayFixture start(TestPki pki, String routesYaml, String upstreamsYaml, String extraTopLevel) throws Exception {
        Server upstream = DemoUpstream.start("up-1", "127.0.0.1", 0);
        Server tlsUpstream = DemoUpstream.startTls("up-tls", pki.nodeKeyStore().toString(), pki.password());
        String upstreamUrl = "http://127.0.0.1:" + DemoUpstream.port(upstream);
        String yaml = """
                node:
                  id: test-node
                  drainTimeout: 5s
                listeners:
                  - name: plain
                    host: 127.0.0.1
                    port: 0
                    protocols: [http/1.1, h2c]
                  - name: tls
                    host: 127.0.0.1
                    port: 0
                    tls:
                      keyStore: %s
                      keyStorePassword: %s
                upstreams:
                  - id: demo
                    endpoints:
                      - url: ${UPSTREAM}
                    timeouts:
                      responseHeaders: 1s
                      request: 20s
                %s
                routes:
                  - id: default
                    match:
                      pathPrefix: /
                    upstream: demo
                %s
                %s
                """.formatted(pki.nodeKeyStore(), pki.password(), indent(upstreamsYaml), indent(routesYaml), extraTopLevel)
                .replace("${UPSTREAM}", upstreamUrl)
                .replace("${TLS_UPSTREAM}", "https://localhost:" + DemoUpstream.port(tlsUpstream))
                .replace("${TRUST}", pki.trustStore().toString())
                .replace("${PASSWORD}", pki.password())
                .replace("${DEAD}", "http://127.0.0.1:" + deadPort());
        GatewayConfig config = new ConfigLoader().parse(yaml);
        GatewayFixture[] self = new GatewayFixture[1];
        GatewayNode node = new GatewayNode(config, InstantSource.system(), r -> self[0].accessLog.add(r));
        self[0] = new GatewayFixture(upstream, tlsUpstream, node);
        node.start();
        return self[0];
    }

    public static GatewayFixture start(TestPki pki) throws Exception {
        return start(pki, "", "", "");
    }

    /** The gateway of the bad-input cases: small header and body limits, so oversized requests are cheap to send. */
    public static GatewayFixture withSmallLimits(TestPki pki) throws Exception {
        return start(pki, "", "", """
                limits:
                  maxRequestHeaderBytes: 4096
                  maxRequestBodyBytes: 1000
                """);
    }

    /** The gateway of the slow-client cases: a short request-head deadline, and an idle timeout well above it. */
    public static GatewayFixture withHeaderTimeout(TestPki pki, java.time.Duration headerTimeout) throws Exception {
        return start(pki, "", "", """
                limits:
                  clientIdleTimeout: 5s
                  requestHeaderTimeout: %dms
                """.formatted(headerTimeout.toMillis()));
    }

    private static String indent(String yaml) {
        return yaml.isBlank() ? "" : yaml.stripIndent().lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** A port that was free a moment ago: connecting to it is refused. */
    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int plainPort() {
        return node.port("plain");
    }

    public int tlsPort() {
        return node.port("tls");
    }

    public GatewayNode node() {
        return node;
    }

    /**
     * The access-log record of the request {@code requestId}, waiting up to 5 s for it: the line is
     * written after the response completes, so a client can hold the response before it exists.
     */
    public AccessRecord awaitRecord(String requestId) throws InterruptedException {
        return awaitRecord(accessLog, requestId);
    }

    /** The record of {@code requestId} in {@code log}, waiting up to 5 s for it. */
    public static AccessRecord awaitRecord(List<AccessRecord> log, String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (AccessRecord r : log) {
                if (requestId.equals(r.requestId())) {
                    return r;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access-log record for request " + requestId);
    }

    public List<AccessRecord> accessLog() {
        return accessLog;
    }

    public String upstreamUrl() {
        return "http://127.0.0.1:" + DemoUpstream.port(upstream);
    }

    @Override
    public void close() throws Exception {
        try {
            node.stop();
        } finally {
            upstream.stop();
            tlsUpstream.stop();
        }
    }
}
