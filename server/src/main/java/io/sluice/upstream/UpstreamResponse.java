package io.sluice.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;

/**
 * An upstream response whose head has arrived; the body is pulled by the request's own thread.
 * Exactly one of {@link #close()} (after reading to the end) or {@link #discard} must be called.
 */
public interface UpstreamResponse {

    int status();

    HttpFields headers();

    /**
     * The next piece of the body, parking until it arrives; null once the body is complete. The
     * buffer is only valid until the next call.
     */
    ByteBuffer read() throws IOException;

    /** True once the last piece has been returned by {@link #read()} (lets the caller write it with last=true). */
    boolean finished();

    /** Trailer fields, available once the body is complete; null when there were none. */
    HttpFields trailers();

    /** Drops the rest of the body and the connection it came on (before a retry, or when the client left). */
    void discard(Throwable why);

    /** Releases the exchange after the body was read to the end (returns a keep-alive connection to its pool). */
    void close();
}
