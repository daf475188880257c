package io.sluice.proxy;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Adds what a reverse proxy owes the upstream about the original request: {@code Via}
 * (RFC 9110 7.6.3), {@code Forwarded} (RFC 7239) and the de-facto {@code X-Forwarded-For},
 * {@code -Proto} and {@code -Host}. Values from earlier hops are kept and appended to, as NGINX's
 * {@code $proxy_add_x_forwarded_for} does.
 */
public final class ForwardedHeaders {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    public static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private ForwardedHeaders() {
    }

    /**
     * @param protocolVersion "1.1" or "2", the version of the client's hop
     * @param clientAddress the client's IP address
     * @param scheme "http" or "https" as the client used it
     * @param host the Host (or :authority) the client asked for, or null
     * @param pseudonym how this gateway names itself in Via
     */
    public static void add(HttpFields.Mutable out, HttpFields in, String protocolVersion, String clientAddress,
                           String scheme, String host, String pseudonym) {
        // Jetty gives IPv6 addresses in brackets; X-Forwarded-For carries them bare (as NGINX does).
        String bare = clientAddress.startsWith("[") && clientAddress.endsWith("]")
                ? clientAddress.substring(1, clientAddress.length() - 1) : clientAddress;
        append(out, in, HttpHeader.VIA.asString(), protocolVersion + " " + pseudonym);
        append(out, in, X_FORWARDED_FOR, bare);
        out.put(X_FORWARDED_PROTO, scheme);
        if (host != null) {
            out.put(X_FORWARDED_HOST, host);
        }
        String forNode = bare.indexOf(':') >= 0 ? "\"[" + bare + "]\"" : bare;
        StringBuilder forwarded = new StringBuilder("for=").append(forNode).append(";proto=").append(scheme);
        if (host != null) {
            forwarded.append(";host=\"").append(host.replace("\"", "")).append('"');
        }
        append(out, in, HttpHeader.FORWARDED.asString(), forwarded.toString());
    }

    private static void append(HttpFields.Mutable out, HttpFields in, String name, String value) {
        StringBuilder joined = null;
        for (HttpField field : in) {
            if (field.is(name)) {
                joined = joined == null ? new StringBuilder(field.getValue()) : joined.append(", ").append(field.getValue());
            }
        }
        out.remove(name);
        out.put(name, joined == null ? value : joined.append(", ").append(value).toString());
    }
}
