package io.sluice.proxy;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/** Reads one request cookie by name (for traffic colouring); Jetty parses and caches the Cookie headers once per request. */
public final class Cookies {

    private Cookies() {
    }

    public static String get(Request request, String name) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }
}
