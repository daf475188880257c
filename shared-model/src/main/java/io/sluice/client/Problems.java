package io.sluice.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.Problem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Turns failed admin calls into exceptions: non-2xx answers into problems, transport failures into short reasons. */
final class Problems {

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private Problems() {
    }

    static AdminException of(int status, HttpHeaders headers, byte[] body, ObjectMapper json) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        if (type.contains("json") && body.length > 0) {
            try {
                JsonNode node = json.readTree(body);
                if (node.hasNonNull("title")) {
                    return new AdminException(status, new Problem(text(node, "type", "about:blank"), node.get("title").asText(),
                            clamp(status), text(node, "detail", null), text(node, "instance", null),
                            text(node, "requestId", null)));
                }
            } catch (IOException e) {
                // not JSON after all: fall through to the text
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > 300) {
            text = text.substring(0, 300) + "...";
        }
        return new AdminException(status, new Problem("about:blank", TITLES.getOrDefault(status, "HTTP " + status),
                clamp(status), text.isEmpty() ? null : text, null, null));
    }

    /** A problem's status is 4xx/5xx; a stray 3xx or 1xx is reported as the 502 it amounts to. */
    private static int clamp(int status) {
        return status >= 400 && status <= 599 ? status : 502;
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node.hasNonNull(field) ? node.get(field).asText() : otherwise;
    }

    /** A few words on why there was no answer. */
    static String reason(IOException e) {
        return switch (e) {
            case HttpConnectTimeoutException t -> "no connection within the connect timeout";
            case HttpTimeoutException t -> "no answer within the timeout";
            case ConnectException c when c.getCause() instanceof ClosedChannelException -> "connection closed";
            case ConnectException c -> c.getMessage() == null || c.getMessage().contains("refused") ? "connection refused"
                    : c.getMessage();
            case UnknownHostException u -> "unknown host " + u.getMessage();
            case SSLException s -> tls(s);
            default -> e.getCause() instanceof SSLException s ? tls(s)
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }

    private static String tls(SSLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
            return "TLS handshake failed: the node's certificate is not signed by a CA this client trusts";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "TLS handshake failed: the node's certificate does not name this host (" + m + ")";
        }
        return "TLS handshake failed: " + m;
    }
}
