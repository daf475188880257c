package io.sluice.admin;

import io.sluice.cluster.Json;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.upstream.Blocking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One admin call: reads its (small, bounded) body and writes JSON answers. Admin bodies are config
 * documents and small commands, so they are read whole, up to {@value #MAX_BODY} bytes.
 */
final class AdminExchange {

    static final int MAX_BODY = 1 << 20;
    /**
     * How much of a refused body is read and dropped before the answer. Over HTTP/2 a handler that
     * answers with body bytes still coming makes Jetty reset the stream (CANCEL), and the JDK client
     * (sluicectl, the monitor) then reports the reset, not the answer: an operator who sends a 2 MiB
     * config must read "limited to 1048576 bytes". Beyond this much, the reset it is.
     */
    static final int MAX_DISCARD = 16 * MAX_BODY;

    final Request request;
    final Response response;
    private final AdminCaller caller;

    AdminExchange(Request request, Response response, AdminCaller caller) {
        this.request = request;
        this.response = response;
        this.caller = caller;
    }

    String method() {
        return request.getMethod();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    String query(String name) {
        var fields = Request.extractQueryParameters(request);
        return fields.getValue(name);
    }

    /** Who acts: the common name of the caller's certificate (the handshake proved they hold its key). */
    String actor() {
        return caller.name();
    }

    String body() throws IOException {
        if (request.getLength() > MAX_BODY) {
            throw new GatewayException(Failure.BODY_TOO_LARGE, "admin request bodies are limited to " + MAX_BODY + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            Content.Chunk chunk = Blocking.read(request);
            if (Content.Chunk.isFailure(chunk)) {
                throw new GatewayException(Failure.MALFORMED_REQUEST, "the request body could not be read");
            }
            ByteBuffer b = chunk.getByteBuffer();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.write(bytes);
            chunk.release();
            if (out.size() > MAX_BODY) {
                throw new GatewayException(Failure.BODY_TOO_LARGE, "admin request bodies are limited to " + MAX_BODY + " bytes");
            }
            if (chunk.isLast()) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads and drops what is left of a request body (at most {@link #MAX_DISCARD} bytes) before an
     * error answer: over HTTP/2 a handler that answers without reading the body makes Jetty reset
     * the stream, and some clients report that reset instead of the answer.
     */
    static void discardBody(Request request) {
        long read = 0;
        try {
            while (read <= MAX_DISCARD) {
                Content.Chunk chunk = Blocking.read(request);
                if (Content.Chunk.isFailure(chunk)) {
                    return;
                }
                read += chunk.remaining();
                chunk.release();
                if (chunk.isLast()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client is gone or sent garbage: the answer that follows fails on its own
        }
    }

    <T> T jsonBody(Class<T> type) throws IOException {
        String media = header(HttpHeader.CONTENT_TYPE.asString());
        if (media == null || !media.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new GatewayException(Failure.UNSUPPORTED_MEDIA_TYPE, "send application/json");
        }
        try {
            // Trailing content ({..}{..}) is refused: acting on the first of two objects is a guess.
            return Json.mapper().readerFor(type)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", ""));
        }
    }

    void json(int status, Object value) throws IOException {
        text(status, "application/json", Json.write(value));
    }

    void text(int status, String mediaType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        head(status, mediaType, body.length);
        Blocking.write(response, true, ByteBuffer.wrap(body));
    }

    /**
     * Sets the head of an answer whose body the caller writes: status, media type, no caching (admin
     * answers are live state), and the length when known ({@code length < 0}: a stream).
     */
    void head(int status, String mediaType, long length) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, mediaType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (length >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
    }
}
