package io.sluice.config;

/**
 * Bounds of the keep-alive connection pool towards each endpoint and of the queue of requests
 * waiting for a connection (503 beyond it).
 */
public record PoolConfig(Integer maxConnectionsPerEndpoint, Integer maxQueuedPerEndpoint) {

    public static final PoolConfig DEFAULTS = new PoolConfig(null, null);

    public PoolConfig {
        maxConnectionsPerEndpoint = Checks.range("maxConnectionsPerEndpoint", maxConnectionsPerEndpoint, 2048, 1, 65_536);
        maxQueuedPerEndpoint = Checks.range("maxQueuedPerEndpoint", maxQueuedPerEndpoint, 4096, 0, 1_000_000);
    }
}
