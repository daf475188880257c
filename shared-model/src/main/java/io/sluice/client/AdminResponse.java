package io.sluice.client;

import java.nio.charset.StandardCharsets;

/**
 * A 2xx answer as the node sent it: status, media type, entity tag (the config version, for
 * {@code GET /admin/v1/config}) and body.
 */
public record AdminResponse(int status, String contentType, String etag, byte[] body) {

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** True when the body is JSON ({@code application/json} or a {@code +json} type). */
    public boolean isJson() {
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/json") || type.contains("+json");
    }
}
