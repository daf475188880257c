package io.sluice.error;

/**
 * The one table that maps every failure Sluice reports to a status and an RFC 9457 problem type.
 * Code throws {@link GatewayException} with one of these; {@link ProblemResponses} writes it.
 */
public enum Failure {
    MALFORMED_REQUEST(400, "Bad Request", "malformed-request"),
    UNAUTHENTICATED(401, "Unauthorized", "unauthenticated"),
    FORBIDDEN(403, "Forbidden", "forbidden"),
    NO_ROUTE(404, "Not Found", "no-route"),
    CLIENT_TIMEOUT(408, "Request Timeout", "client-timeout"),
    BODY_TOO_LARGE(413, "Content Too Large", "body-too-large"),
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "headers-too-large"),
    RATE_LIMITED(429, "Too Many Requests", "rate-limited"),
    UPSTREAM_UNREACHABLE(502, "Bad Gateway", "upstream-unreachable"),
    UPSTREAM_PROTOCOL_ERROR(502, "Bad Gateway", "upstream-failed"),
    UPSTREAM_OVERLOADED(503, "Service Unavailable", "upstream-overloaded"),
    DRAINING(503, "Service Unavailable", "node-draining"),
    CIRCUIT_OPEN(503, "Service Unavailable", "circuit-open"),
    NO_HEALTHY_ENDPOINT(503, "Service Unavailable", "no-healthy-endpoint"),
    LOAD_SHED(503, "Service Unavailable", "load-shed"),
    UPSTREAM_TIMEOUT(504, "Gateway Timeout", "upstream-timeout"),
    NOT_IMPLEMENTED(501, "Not Implemented", "not-implemented"),
    INTERNAL(500, "Internal Server Error", "internal-error"),
    // admin API
    INVALID_CONFIG(400, "Bad Request", "invalid-config"),
    INVALID_ADMIN_REQUEST(400, "Bad Request", "invalid-request"),
    NOT_FOUND(404, "Not Found", "not-found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed", "method-not-allowed"),
    PROFILE_RUNNING(409, "Conflict", "profile-running"),
    VERSION_CONFLICT(412, "Precondition Failed", "version-conflict"),
    CONFIG_BUSY(503, "Service Unavailable", "config-busy"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", "unsupported-media-type");

    /** Problem type URIs are relative references under this base. */
    public static final String TYPE_BASE = "https://sluice.dev/problems/";

    private final int status;
    private final String title;
    private final String type;

    Failure(int status, String title, String slug) {
        this.status = status;
        this.title = title;
        this.type = TYPE_BASE + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return type;
    }

    /** The failure Jetty means when it rejects a request itself (parser, limits). */
    public static Failure forStatus(int status) {
        return switch (status) {
            case 404 -> NO_ROUTE;
            case 408 -> CLIENT_TIMEOUT;
            case 413 -> BODY_TOO_LARGE;
            case 431 -> HEADERS_TOO_LARGE;
            case 501 -> NOT_IMPLEMENTED;
            case 502 -> UPSTREAM_PROTOCOL_ERROR;
            case 503 -> DRAINING;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> status >= 400 && status < 500 ? MALFORMED_REQUEST : INTERNAL;
        };
    }
}
