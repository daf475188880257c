package io.sluice.config;

import java.util.List;

/**
 * A named group of endpoints serving the same thing, with the protocol used to reach them, how a
 * request picks an endpoint, the pool, timeout and retry rules of the group, and how it is guarded:
 * a circuit breaker, active health checks (only where configured) and passive outlier ejection.
 * Over TLS ({@code h2}), {@code trustStore} (PKCS12; default: the JVM's CAs) decides which
 * upstream certificates are accepted, and {@code keyStore} (PKCS12, optional) is the client
 * certificate presented to upstreams that require mTLS; both are reloaded when replaced.
 */
public record UpstreamConfig(String id, String protocol, String loadBalancer, List<EndpointConfig> endpoints,
                             PoolConfig pool, TimeoutConfig timeouts, RetryConfig retries, String trustStore,
                             String trustStorePassword, BreakerConfig breaker, HealthCheckConfig healthCheck,
                             OutlierConfig outlierDetection, String keyStore, String keyStorePassword) {

    /** An upstream without a client certificate. */
    public UpstreamConfig(String id, String protocol, String loadBalancer, List<EndpointConfig> endpoints,
                          PoolConfig pool, TimeoutConfig timeouts, RetryConfig retries, String trustStore,
                          String trustStorePassword, BreakerConfig breaker, HealthCheckConfig healthCheck,
                          OutlierConfig outlierDetection) {
        this(id, protocol, loadBalancer, endpoints, pool, timeouts, retries, trustStore, trustStorePassword, breaker,
                healthCheck, outlierDetection, null, null);
    }

    public static final List<String> PROTOCOLS = List.of("http/1.1", "h2c", "h2");
    public static final List<String> BALANCERS = List.of("round-robin", "weighted", "least-request");

    public UpstreamConfig {
        id = Checks.required("id", id);
        protocol = Checks.oneOf("protocol", protocol, "http/1.1", PROTOCOLS);
        loadBalancer = Checks.oneOf("loadBalancer", loadBalancer, "round-robin", BALANCERS);
        endpoints = Checks.list(endpoints);
        if (endpoints.isEmpty()) {
            throw new ConfigException("endpoints", "needs at least one endpoint");
        }
        String scheme = "h2".equals(protocol) ? "https" : "http";
        String wanted = protocol;
        Checks.each("endpoints", endpoints, (e, i) -> {
            EndpointConfig endpoint = (EndpointConfig) e;
            if (!scheme.equals(endpoint.uri().getScheme())) {
                throw ConfigException.invalid("url", endpoint.url(), "protocol " + wanted + " needs " + scheme + "://");
            }
        });
        pool = Checks.orDefault(pool, PoolConfig.DEFAULTS);
        timeouts = Checks.orDefault(timeouts, TimeoutConfig.DEFAULTS);
        retries = Checks.orDefault(retries, RetryConfig.DEFAULTS);
        trustStorePassword = Checks.orDefault(trustStorePassword, "");
        keyStorePassword = Checks.orDefault(keyStorePassword, "");
        if (!"h2".equals(protocol) && (notBlank(trustStore) || notBlank(keyStore))) {
            throw new ConfigException(notBlank(keyStore) ? "keyStore" : "trustStore",
                    "applies to TLS upstreams only (protocol h2, https:// endpoints)");
        }
        breaker = Checks.orDefault(breaker, BreakerConfig.DEFAULTS);
        outlierDetection = Checks.orDefault(outlierDetection, OutlierConfig.DEFAULTS);
        // healthCheck stays null: active checks run only where configured
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
