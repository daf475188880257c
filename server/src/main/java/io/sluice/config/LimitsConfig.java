package io.sluice.config;

import java.time.Duration;

/**
 * Request limits enforced at the edge: header block size (431 beyond it), body size (413), how
 * long an idle client connection is kept, how many proxied requests may be in flight on this
 * node before new ones are shed with 503 at once (0 = no node-wide limit) rather than queued, and
 * how long a client may take to present a request head (the idle timeout restarts with every byte,
 * so it alone does not stop a client that trickles its headers).
 *
 * <p>{@code requestHeaderTimeout} bounds an HTTP/1.x request head from when it is seen in progress,
 * an HTTP/2 header block (HEADERS and CONTINUATION frames) from its first byte, and a TLS handshake
 * from accept. Past it, HTTP/1.x and TLS connections are closed and an HTTP/2 connection gets GOAWAY
 * and is closed (a half-received block leaves its HPACK state unusable). See listener/HeaderDeadline.
 */
public record LimitsConfig(Integer maxRequestHeaderBytes, Long maxRequestBodyBytes, Duration clientIdleTimeout,
                           Integer maxInFlight, Duration requestHeaderTimeout) {

    public static final LimitsConfig DEFAULTS = new LimitsConfig(null, null, null, null, null);

    public LimitsConfig(Integer maxRequestHeaderBytes, Long maxRequestBodyBytes, Duration clientIdleTimeout) {
        this(maxRequestHeaderBytes, maxRequestBodyBytes, clientIdleTimeout, null, null);
    }

    public LimitsConfig {
        maxRequestHeaderBytes = Checks.range("maxRequestHeaderBytes", maxRequestHeaderBytes, 16 * 1024, 1024, 1024 * 1024);
        maxRequestBodyBytes = Checks.atLeast("maxRequestBodyBytes", maxRequestBodyBytes, 1L << 30, 0);
        clientIdleTimeout = Checks.positive("clientIdleTimeout", clientIdleTimeout, Duration.ofSeconds(60));
        maxInFlight = Checks.range("maxInFlight", maxInFlight, 0, 0, 10_000_000);
        requestHeaderTimeout = Checks.positive("requestHeaderTimeout", requestHeaderTimeout, Duration.ofSeconds(10));
    }
}
