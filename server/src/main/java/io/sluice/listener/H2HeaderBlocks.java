package io.sluice.listener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.frames.FrameType;
import org.eclipse.jetty.http2.parser.HeaderParser;
import org.eclipse.jetty.http2.parser.Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Since when an HTTP/2 connection has been receiving a header block (a HEADERS frame and its
 * CONTINUATION frames) that has not ended yet.
 *
 * <p>Jetty 12.1 offers no public signal for a block in progress: {@code Parser.Listener} hears
 * complete blocks only, and {@code RateControl} sees CONTINUATION frames but not a HEADERS frame
 * whose payload is trickled. The start is public ({@code Parser.getBeginNanoTime()}: Jetty keeps
 * the arrival of a block's first byte until its last frame, for the request's begin time); whether
 * a block is open is read from two private fields of Jetty's {@link Parser}: {@code continuation}
 * (a HEADERS frame without END_HEADERS was read, its CONTINUATION frames are due) and the type of
 * the frame being read. They are read without a lock from the sweeping thread; a stale read only
 * delays a cut-off by a sweep. Should a Jetty upgrade rename the fields, {@link #AVAILABLE} is
 * false, the node says so once at start, and HTTP/2 header blocks are bounded by the idle timeout
 * only ({@code BadInputSlowH2IT} fails then).
 */
final class H2HeaderBlocks {

    private static final Logger LOG = LoggerFactory.getLogger(H2HeaderBlocks.class);
    private static final int HEADERS = FrameType.HEADERS.getType();
    private static final int CONTINUATION = FrameType.CONTINUATION.getType();
    private static final VarHandle CONTINUES;
    private static final VarHandle HEADER_PARSER;

    /** Whether Jetty's parser could be read; false disables the HTTP/2 part of the header deadline. */
    static final boolean AVAILABLE;

    static {
        VarHandle continues = null;
        VarHandle headerParser = null;
        try {
            MethodHandles.Lookup jetty = MethodHandles.privateLookupIn(Parser.class, MethodHandles.lookup());
            continues = jetty.findVarHandle(Parser.class, "continuation", boolean.class);
            headerParser = jetty.findVarHandle(Parser.class, "headerParser", HeaderParser.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("limits.requestHeaderTimeout does not cover HTTP/2 with this Jetty version (its parser could not be read: {});"
                    + " slow HTTP/2 header blocks are bounded by the idle timeout only", e.toString());
        }
        CONTINUES = continues;
        HEADER_PARSER = headerParser;
        AVAILABLE = continues != null;
    }

    private H2HeaderBlocks() {
    }

    /** The {@link System#nanoTime()} at which the open header block's first byte arrived; empty when none is open. */
    static OptionalLong openSince(HTTP2Connection h2) {
        if (!AVAILABLE) {
            return OptionalLong.empty();
        }
        Parser parser = h2.getSession().getParser();
        boolean continues = (boolean) CONTINUES.getAcquire(parser);
        // Jetty resets the type to 0 (DATA) after every frame: non-zero here means a frame's header or body is mid-way
        int type = ((HeaderParser) HEADER_PARSER.getAcquire(parser)).getFrameType();
        return continues || type == HEADERS || type == CONTINUATION ? OptionalLong.of(parser.getBeginNanoTime()) : OptionalLong.empty();
    }
}
