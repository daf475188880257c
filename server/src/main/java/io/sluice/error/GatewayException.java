package io.sluice.error;

/**
 * A failure with its place in the {@link Failure} table and a detail safe to show a client, plus
 * the response headers that tell the client when to come back (Retry-After, RateLimit, ...).
 */
public final class GatewayException extends RuntimeException {

    private final Failure failure;
    private java.util.List<org.eclipse.jetty.http.HttpField> headers = java.util.List.of();

    public GatewayException(Failure failure, String detail) {
        this(failure, detail, null);
    }

    public GatewayException(Failure failure, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    /** Adds a header to the problem response; replaces a default such as Retry-After. */
    public GatewayException withHeader(String name, String value) {
        var next = new java.util.ArrayList<>(headers);
        next.add(new org.eclipse.jetty.http.HttpField(name, value));
        headers = java.util.List.copyOf(next);
        return this;
    }

    public java.util.List<org.eclipse.jetty.http.HttpField> headers() {
        return headers;
    }
}
