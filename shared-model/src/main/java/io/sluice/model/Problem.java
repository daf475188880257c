package io.sluice.model;

import java.util.Objects;

/**
 * An RFC 9457 problem detail, the body of every error Sluice itself produces.
 *
 * <p>It is written by hand as JSON (see {@link #toJson()}) so that the error path needs no
 * serialisation library and can never fail while reporting a failure. {@code requestId} ties
 * the error to the access log line and the trace of the same request.
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {

    /** The media type RFC 9457 registers for this body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599, got " + status);
        }
    }

    /** Renders the problem as compact JSON; null members are left out. */
    public String toJson() {
        StringBuilder json = new StringBuilder(160).append('{');
        member(json, "type", type).append(',');
        member(json, "title", title).append(',');
        json.append("\"status\":").append(status);
        if (detail != null) {
            member(json.append(','), "detail", detail);
        }
        if (instance != null) {
            member(json.append(','), "instance", instance);
        }
        if (requestId != null) {
            member(json.append(','), "requestId", requestId);
        }
        return json.append('}').toString();
    }

    private static StringBuilder member(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
