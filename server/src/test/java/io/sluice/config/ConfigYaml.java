package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** YAML snippets shared by the config tests. */
final class ConfigYaml {

    private ConfigYaml() {
    }

    static final String FULL = """
            node:
              id: edge-7
              drainTimeout: 30s
              accessLog: false
              maxConcurrentRequests: 5000
            listeners:
              - name: public
                host: 127.0.0.1
                port: 8443
                tls:
                  keyStore: /etc/sluice/node.p12
                  keyStorePassword: s3cret
                  versions: [TLSv1.3, TLSv1.2]
              - name: internal
                port: 8080
            limits:
              maxRequestHeaderBytes: 32768
              maxRequestBodyBytes: 1048576
              clientIdleTimeout: 90s
            upstreams:
              - id: users
                loadBalancer: weighted
                endpoints:
                  - url: http://10.0.0.5:8080
                    weight: 3
                  - url: http://10.0.0.6:8080
                timeouts:
                  connect: 2s
                  responseHeaders: 500ms
                pool:
                  maxConnectionsPerEndpoint: 64
                retries:
                  attempts: 3
                  budgetPercent: 10
              - id: billing
                protocol: h2
                endpoints:
                  - url: https://billing.internal:9443
            routes:
              - id: users-by-id
                priority: 10
                match:
                  hosts: [API.example.com, '*.example.com']
                  pathTemplate: /users/{id}
                  methods: [GET, HEAD]
                  headers:
                    X-Tenant: acme
                upstream: users
                rewrite:
                  path: /v2/people/{id}
                  host: upstream
                  requestHeaders:
                    set: {X-Env: prod}
                    remove: [Cookie]
                  responseHeaders:
                    remove: [Server]
              - id: billing-api
                match:
                  pathPrefix: /billing
                upstream: billing
                rewrite:
                  stripPrefix: true
            """;

    static final String LISTENER = """
            listeners:
              - name: main
                port: 8080
            """;

    static final String ONE_UPSTREAM = """
            upstreams:
              - id: users
                endpoints:
                  - url: http://10.0.0.5:8080
            """;

}
