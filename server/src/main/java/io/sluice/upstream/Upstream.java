package io.sluice.upstream;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.PoolConfig;
import io.sluice.config.TimeoutConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.health.HealthChecker;
import io.sluice.health.HealthListener;
import io.sluice.health.UpstreamHealth;
import io.sluice.upstream.h1.H1Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A running upstream: its endpoints and their health, how to pick one, the pooled transport that
 * reaches them and the retry budget. Built from one {@link UpstreamConfig}; the transport is owned
 * and closed by it, and so are the active health checks it starts when the config asks for them.
 */
public final class Upstream implements AutoCloseable {

    /** A health check reads at most this much of a body; a longer one costs its connection, not more reading. */
    private static final int CHECK_BODY_LIMIT = 64 * 1024;

    private final UpstreamConfig config;
    private final UpstreamHealth health;
    private final List<Endpoint> endpoints;
    private final LoadBalancer balancer;
    private final UpstreamTransport transport;
    private final RetryBudget retryBudget;
    private final UpstreamTransport checkTransport;
    private final HealthChecker checker;

    public Upstream(UpstreamConfig config, UpstreamTransport transport, InstantSource clock) {
        this(config, transport, clock, null);
    }

    /**
     * @param healthListener told of every health change, the first checks' included (they start
     *                       here, and a refused connection fails one at once); null for none
     */
    public Upstream(UpstreamConfig config, UpstreamTransport transport, InstantSource clock, HealthListener healthListener) {
        this.config = config;
        this.health = new UpstreamHealth(config.id(), config.healthCheck(), config.outlierDetection(), clock);
        if (healthListener != null) {
            health.addListener(healthListener);
        }
        this.endpoints = config.endpoints().stream()
                .map(e -> new Endpoint(e.uri(), e.weight(), health))
                .toList();
        this.balancer = LoadBalancer.of(config.loadBalancer(), endpoints);
        this.transport = transport;
        this.retryBudget = new RetryBudget(clock, config.retries().budgetPercent(), config.retries().minRetriesPerSecond());
        HealthCheckConfig checks = config.healthCheck();
        this.checkTransport = checks == null ? null : checkTransport(config, transport, checks.timeout());
        this.checker = checks == null ? null : HealthChecker.start(config.id(), checks, clock, endpoints.stream()
                .map(e -> new HealthChecker.Target(e.origin(), e.tracker(), () -> check(checkTransport, e, checks.path())))
                .toList());
    }

    /**
     * Checks travel the way traffic does (same protocol, TLS and trust store), so a passing check
     * means the gateway can reach the endpoint. HTTP/1.1 checks get a small pool of their own, with
     * the check timeout as every transport timeout: a pool saturated by traffic cannot fail them,
     * and their connections are never lent to requests. HTTP/2 checks share the upstream's
     * multiplexed connections, where a check is one more stream rather than a connection slot.
     */
    private static UpstreamTransport checkTransport(UpstreamConfig config, UpstreamTransport transport, Duration timeout) {
        if (!(transport instanceof H1Transport h1)) {
            return transport;
        }
        return h1.forChecks(new UpstreamConfig(config.id() + "-checks", config.protocol(), config.loadBalancer(),
                config.endpoints(), new PoolConfig(2, 0, config.pool().keepAlive()),
                new TimeoutConfig(timeout, timeout, timeout, timeout), config.retries(), config.trustStore(),
                config.trustStorePassword(), config.breaker(), null, config.outlierDetection()));
    }

    /**
     * One check: GET the path and read the body (bounded) so that the connection can be kept. The
     * request is replayable: a pooled connection the endpoint closed meanwhile is no failure.
     */
    private static int check(UpstreamTransport transport, Endpoint endpoint, String path) throws IOException {
        HttpFields headers = HttpFields.build()
                .put(HttpHeader.HOST, endpoint.authority())
                .put(HttpHeader.USER_AGENT, "sluice-health-check");
        UpstreamResponse response = transport.exchange(endpoint, "GET", path, headers, null, 0, true);
        int status = response.status();
        boolean complete = false;
        try {
            long seen = 0;
            while (seen <= CHECK_BODY_LIMIT) {
                ByteBuffer data = response.read();
                if (data == null || response.finished()) {
                    complete = true;
                    break;
                }
                seen += data.remaining();
            }
        } finally {
            if (complete) {
                response.close();
            } else {
                response.discard(new IOException("health check body not read to the end"));
            }
        }
        return status;
    }

    public String id() {
        return config.id();
    }

    public UpstreamConfig config() {
        return config;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The endpoints' health: snapshots, recent changes and change listeners (for the admin API). */
    public UpstreamHealth health() {
        return health;
    }

    public LoadBalancer balancer() {
        return balancer;
    }

    public UpstreamTransport transport() {
        return transport;
    }

    public RetryBudget retryBudget() {
        return retryBudget;
    }

    /**
     * Stops the active checks while requests may still use this upstream: for one that a new config
     * replaced and that is kept only until its last requests finish, so its endpoints are not probed
     * twice (or after they left the config). Safe to call more than once.
     */
    public void stopHealthChecks() throws Exception {
        if (checker != null) {
            checker.close();
        }
        if (checkTransport != null && checkTransport != transport) {
            checkTransport.close();
        }
    }

    /**
     * Takes this upstream out of service after a new config replaced it: its checks stop and its
     * transport keeps no idle connection and frees the rest once its last exchange ends (see
     * {@link UpstreamTransport#retire}); requests still using it complete normally.
     *
     * @param released told when nothing is left to close (possibly at once, on this thread)
     */
    public void retire(Executor releaser, Runnable released) throws Exception {
        try {
            stopHealthChecks();
        } finally {
            transport.retire(releaser, released);
        }
    }

    /** Exchanges in flight on this upstream (see {@link UpstreamTransport#inFlight}). */
    public int inFlight() {
        return transport.inFlight();
    }

    /** Stops the checks before closing the transports they use. */
    @Override
    public void close() throws Exception {
        try {
            stopHealthChecks();
        } finally {
            transport.close();
        }
    }
}
