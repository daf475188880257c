package io.sluice.observe;

/**
 * One request as the access log tells it. Durations are in microseconds; {@code upstreamMicros}
 * is the time to the upstream's response headers, -1 when no upstream answered. {@code identity}
 * is who route authentication admitted ({@code jwt:alice}, {@code apikey:ci-bot},
 * {@code cert:CN=reporting}), null on routes without authentication.
 */
public record AccessRecord(long epochMillis, String node, String requestId, String method, String path,
                           String protocol, String client, String route, String upstream, String endpoint,
                           int status, long bytesIn, long bytesOut, long totalMicros, long upstreamMicros,
                           int attempts, String failure, String identity) {

    /** One JSON object per line; hand-written so the hot path allocates one StringBuilder. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(320).append('{');
        sb.append("\"ts\":").append(epochMillis);
        str(sb, "node", node);
        str(sb, "id", requestId);
        str(sb, "method", method);
        str(sb, "path", path);
        str(sb, "proto", protocol);
        str(sb, "client", client);
        str(sb, "route", route);
        str(sb, "upstream", upstream);
        str(sb, "endpoint", endpoint);
        sb.append(",\"status\":").append(status);
        sb.append(",\"bytesIn\":").append(bytesIn);
        sb.append(",\"bytesOut\":").append(bytesOut);
        sb.append(",\"totalUs\":").append(totalMicros);
        sb.append(",\"upstreamUs\":").append(upstreamMicros);
        sb.append(",\"attempts\":").append(attempts);
        str(sb, "failure", failure);
        str(sb, "identity", identity);
        return sb.append('}').toString();
    }

    private static void str(StringBuilder sb, String name, String value) {
        if (value == null) {
            return;
        }
        sb.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
