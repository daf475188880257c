package io.sluice.proxy;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.util.EnumSet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;

/**
 * Requests Jetty's parsers accept but a reverse proxy must not forward, refused before routing:
 * <ul>
 *   <li>{@code CONNECT}: the gateway routes requests, it opens no tunnels (RFC 9110 9.1: 501 for a
 *       method the server does not implement). RFC 8441 WebSocket CONNECTs never get here;</li>
 *   <li>HTTP/2 requests with connection-specific fields ({@code Transfer-Encoding}, {@code Keep-Alive},
 *       {@code Proxy-Connection}, {@code Upgrade}), malformed by RFC 9113 8.2.2: 400. Jetty refuses
 *       {@code Connection} and {@code TE} itself. The gateway strips them anyway, but a request that
 *       says {@code Transfer-Encoding: chunked} over HTTP/2 is the first step of h2-to-h1 smuggling.
 *       Not the request of an h2c upgrade (it carries {@code HTTP2-Settings}): it came as HTTP/1.1,
 *       with HTTP/1.1's fields, and Jetty hands it on as the connection's first HTTP/2 stream;</li>
 *   <li>{@code Transfer-Encoding} on HTTP/1.0, which RFC 9112 6.1 says to treat as faulty framing:
 *       400 and the connection closed, so nothing after it is read as a next request;</li>
 *   <li>a transfer coding other than {@code chunked} ({@code gzip, chunked}): Jetty removes only the
 *       chunked framing, so the upstream would get gzip bytes that no header labels any more;
 *       RFC 9112 6.1: 501.</li>
 * </ul>
 */
final class Framing {

    private static final EnumSet<HttpHeader> NOT_IN_HTTP2 = EnumSet.of(HttpHeader.TRANSFER_ENCODING,
            HttpHeader.KEEP_ALIVE, HttpHeader.PROXY_CONNECTION, HttpHeader.UPGRADE);

    private Framing() {
    }

    static void check(Request request) {
        if (HttpMethod.CONNECT.is(request.getMethod())) {
            throw new GatewayException(Failure.NOT_IMPLEMENTED, "this gateway does not open tunnels (CONNECT)");
        }
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version.getVersion() >= 20 && !request.getHeaders().contains(HttpHeader.HTTP2_SETTINGS)) {
            for (HttpField field : request.getHeaders()) {
                if (field.getHeader() != null && NOT_IN_HTTP2.contains(field.getHeader())) {
                    throw new GatewayException(Failure.MALFORMED_REQUEST,
                            field.getName() + " is a connection-specific field, not allowed in HTTP/2");
                }
            }
            return;
        }
        HttpField te = request.getHeaders().getField(HttpHeader.TRANSFER_ENCODING);
        if (te == null) {
            return;
        }
        if (version == HttpVersion.HTTP_1_0) {
            throw new GatewayException(Failure.MALFORMED_REQUEST, "Transfer-Encoding is not allowed in HTTP/1.0")
                    .withHeader(HttpHeader.CONNECTION.asString(), HttpHeaderValue.CLOSE.asString());
        }
        for (HttpField field : request.getHeaders().getFields(HttpHeader.TRANSFER_ENCODING)) {
            for (String coding : field.getValues()) {
                if (!HttpHeaderValue.CHUNKED.is(coding.strip())) {
                    throw new GatewayException(Failure.NOT_IMPLEMENTED, "only the chunked transfer coding is supported");
                }
            }
        }
    }
}
