package io.sluice.upstream;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.Content;

/**
 * An upstream response whose headers have arrived; {@code body} streams the rest and must be read
 * to the end or {@link #discard discarded}.
 */
public record UpstreamResponse(Response response, Content.Source body) {

    public int status() {
        return response.getStatus();
    }

    /** Drops the body and closes the exchange (used before a retry). */
    public void discard(Throwable why) {
        response.abort(why);
        body.fail(why);
    }
}
