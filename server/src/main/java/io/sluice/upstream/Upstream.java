package io.sluice.upstream;

import io.sluice.config.EndpointConfig;
import io.sluice.config.UpstreamConfig;
import java.time.InstantSource;
import java.util.List;

/**
 * A running upstream: its endpoints, how to pick one, the pooled transport that reaches them and the
 * retry budget. Built from one {@link UpstreamConfig}; the transport is owned and closed by it.
 */
public final class Upstream implements AutoCloseable {

    private final UpstreamConfig config;
    private final List<Endpoint> endpoints;
    private final LoadBalancer balancer;
    private final UpstreamTransport transport;
    private final RetryBudget retryBudget;

    public Upstream(UpstreamConfig config, UpstreamTransport transport, InstantSource clock) {
        this.config = config;
        this.endpoints = config.endpoints().stream()
                .map((EndpointConfig e) -> new Endpoint(e.uri(), e.weight()))
                .toList();
        this.balancer = LoadBalancer.of(config.loadBalancer(), endpoints);
        this.transport = transport;
        this.retryBudget = new RetryBudget(clock, config.retries().budgetPercent(), config.retries().minRetriesPerSecond());
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

    public LoadBalancer balancer() {
        return balancer;
    }

    public UpstreamTransport transport() {
        return transport;
    }

    public RetryBudget retryBudget() {
        return retryBudget;
    }

    @Override
    public void close() throws Exception {
        transport.close();
    }
}
