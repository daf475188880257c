package io.sluice.trace;

/**
 * The steps of a request that a trace times, in the order the request path meets them. A
 * {@code connect} span lies inside the {@code upstream-headers} span of the attempt that opened the
 * connection; only HTTP/1.1 upstreams have them, because Jetty's HttpClient (h2c, h2) opens
 * connections on its own threads for no request in particular (see
 * {@link io.sluice.upstream.JettyTransport}).
 */
public enum Span {
    ROUTE("route"),
    AUTH("auth"),
    LIMITER("limiter"),
    BREAKER("breaker"),
    CONNECT("connect"),
    UPSTREAM_HEADERS("upstream-headers"),
    BODY("body");

    private static final Span[] ALL = values();

    private final String label;

    Span(String label) {
        this.label = label;
    }

    /** The name in {@link io.sluice.model.SpanRecord#name()}. */
    public String label() {
        return label;
    }

    static Span of(int ordinal) {
        return ALL[ordinal];
    }
}
