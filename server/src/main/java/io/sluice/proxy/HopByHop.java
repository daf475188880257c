package io.sluice.proxy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Hop-by-hop headers (RFC 9110 7.6.1, RFC 9112): they describe one connection and must not be
 * forwarded. The fixed set below, plus every header the {@code Connection} header names.
 * {@code TE: trailers} is kept because gRPC needs it end to end; {@code Upgrade} is handled by the
 * WebSocket path only.
 */
public final class HopByHop {

    static final EnumSet<HttpHeader> HEADERS = EnumSet.of(
            HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE, HttpHeader.PROXY_AUTHORIZATION,
            HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION, HttpHeader.TRANSFER_ENCODING,
            HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE, HttpHeader.HTTP2_SETTINGS);

    private HopByHop() {
    }

    /** Lower-case names listed by the Connection header(s), or an empty set. */
    public static Set<String> connectionNamed(HttpFields fields) {
        Set<String> named = null;
        for (HttpField field : fields) {
            if (field.getHeader() == HttpHeader.CONNECTION) {
                for (String token : field.getValue().split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty()) {
                        if (named == null) {
                            named = new HashSet<>();
                        }
                        named.add(name);
                    }
                }
            }
        }
        return named == null ? Set.of() : named;
    }

    /** Whether {@code field} is end-to-end and may be forwarded. */
    public static boolean forwardable(HttpField field, Set<String> connectionNamed) {
        HttpHeader header = field.getHeader();
        if (header != null && HEADERS.contains(header)) {
            return header == HttpHeader.TE && "trailers".equalsIgnoreCase(field.getValue().trim());
        }
        if (header == null && field.getLowerCaseName().startsWith("proxy-")) {
            return false;
        }
        return connectionNamed.isEmpty() || !connectionNamed.contains(field.getLowerCaseName());
    }
}
