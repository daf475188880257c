package io.sluice.upstream;

import io.sluice.config.EndpointConfig;
import io.sluice.config.UpstreamConfig;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;

/**
 * A running upstream: its endpoints, how to pick one, the pooled client that reaches them and the
 * retry budget. Built from one {@link UpstreamConfig}; the client is owned and stopped by it.
 */
public final class Upstream implements AutoCloseable {

    private final UpstreamConfig config;
    private final List<Endpoint> endpoints;
    private final LoadBalancer balancer;
    private final HttpClient client;
    private final RetryBudget retryBudget;

    public Upstream(UpstreamConfig config, HttpClient client, InstantSource clock) {
        this.config = config;
        this.endpoints = config.endpoints().stream()
                .map((EndpointConfig e) -> new Endpoint(e.uri(), e.weight()))
                .toList();
        this.balancer = LoadBalancer.of(config.loadBalancer(), endpoints);
        this.client = client;
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

    public HttpClient client() {
        return client;
    }

    public RetryBudget retryBudget() {
        return retryBudget;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
