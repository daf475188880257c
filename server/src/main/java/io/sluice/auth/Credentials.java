package io.sluice.auth;

import java.security.cert.X509Certificate;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * What a request offers to prove who it is, read once from the request so that the checks stay
 * free of Jetty: a bearer token, an API key and the TLS client certificate (already verified
 * against the listener's trust store in the handshake). Each part is null when absent.
 */
record Credentials(String bearerToken, String apiKey, X509Certificate clientCertificate) {

    static final Credentials NONE = new Credentials(null, null, null);

    /** @param apiKeyHeader the route's API key header, or null when the route takes no API keys */
    static Credentials of(Request request, String apiKeyHeader) {
        return new Credentials(bearer(request), apiKeyHeader == null ? null : request.getHeaders().get(apiKeyHeader),
                clientCertificate(request));
    }

    /** The token of the first {@code Authorization: Bearer} field (RFC 6750 section 2.1), or null. */
    private static String bearer(Request request) {
        for (HttpField field : request.getHeaders().getFields(HttpHeader.AUTHORIZATION)) {
            String value = field.getValue();
            if (value != null && value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                String token = value.substring(7).trim();
                return token.isEmpty() ? null : token;
            }
        }
        return null;
    }

    private static X509Certificate clientCertificate(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
            X509Certificate[] chain = tls.peerCertificates();
            return chain == null || chain.length == 0 ? null : chain[0];
        }
        return null;
    }
}
