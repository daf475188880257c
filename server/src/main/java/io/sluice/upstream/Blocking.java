package io.sluice.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;

/**
 * The two places where a request's virtual thread parks on Jetty's non-blocking API: waiting
 * for more content (client body, h2 upstream body) and waiting for a write to finish. Everything
 * else is plain code.
 */
public final class Blocking {

    private Blocking() {
    }

    /** Reads the next chunk, parking until one is available. Never returns null. */
    public static Content.Chunk read(Content.Source source) throws IOException {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk != null) {
                return chunk;
            }
            try (Blocker.Runnable demand = Blocker.runnable()) {
                source.demand(demand);
                demand.block();
            }
        }
    }

    public static void write(Content.Sink sink, boolean last, ByteBuffer buffer) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            sink.write(last, buffer, written);
            written.block();
        }
    }
}
