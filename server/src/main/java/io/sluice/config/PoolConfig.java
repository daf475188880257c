package io.sluice.config;

/**
 * Bounds of the keep-alive connection pool towards each endpoint and of the queue of requests
 * waiting for a connection (503 beyond it), and how long an idle HTTP/1.1 connection is kept for
 * reuse: shorter than most upstreams' own keep-alive timeout (Node.js 5 s), or lower if the
 * upstream announces {@code Keep-Alive: timeout=N}.
 */
public record PoolConfig(Integer maxConnectionsPerEndpoint, Integer maxQueuedPerEndpoint, java.time.Duration keepAlive) {

    public static final PoolConfig DEFAULTS = new PoolConfig(null, null, null);

    public PoolConfig {
        maxConnectionsPerEndpoint = Checks.range("maxConnectionsPerEndpoint", maxConnectionsPerEndpoint, 2048, 1, 65_536);
        maxQueuedPerEndpoint = Checks.range("maxQueuedPerEndpoint", maxQueuedPerEndpoint, 4096, 0, 1_000_000);
        keepAlive = Checks.positive("keepAlive", keepAlive, java.time.Duration.ofSeconds(4));
    }
}
