package io.sluice.auth;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;

/**
 * Who a request was authenticated as: the method ({@code cert}, {@code jwt}, {@code apikey}) and
 * the name it proved (certificate subject DN, token {@code sub}, API key id). Its text form
 * {@code method:name} is what rate limits key on and what the identity header carries.
 */
public record Identity(String method, String name) {

    /** The request attribute that holds the {@link Identity} of an authenticated request. */
    public static final String ATTRIBUTE = "io.sluice.auth.identity";

    /** The identity the gateway authenticated this request as, or null. */
    public static Identity of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Identity identity ? identity : null;
    }

    /**
     * The text form made safe for a header value: bytes outside printable ASCII, and '%', are
     * percent-encoded (UTF-8), so a token's {@code sub} cannot inject header lines.
     */
    public String headerValue() {
        String text = toString();
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return method + ":" + name;
    }
}
