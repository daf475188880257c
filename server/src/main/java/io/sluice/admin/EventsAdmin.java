package io.sluice.admin;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.events.Event;
import io.sluice.events.EventFilter;
import io.sluice.events.EventHub;
import io.sluice.events.Subscription;
import io.sluice.upstream.Blocking;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/v1/events}: this node's live stream as server-sent events, filtered by the
 * query ({@link EventFilter}; a bad value is a 400 before the stream starts). The call holds its
 * request's virtual thread for as long as the stream lasts, parked while nothing happens, and
 * returns when the client goes away (a failed write, or Jetty's failure notice on a reset or
 * closed connection) or the node stops ({@link EventHub#close()}).
 *
 * <p>A comment line every {@link #KEEPALIVE} keeps proxies and the client's idle timers from
 * cutting a quiet stream, and finds a vanished HTTP/1.1 client (whose close Jetty only notices
 * on a write). Idle timeouts with nothing pending are ignored; a write stuck behind a client that
 * stopped reading still times out, so such a client costs a thread for at most the idle timeout.
 */
public final class EventsAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(EventsAdmin.class);
    public static final Duration KEEPALIVE = Duration.ofSeconds(15);
    /** Events already queued go out together, up to about this many bytes per write. */
    private static final int BATCH_BYTES = 16 * 1024;
    private static final byte[] KEEPALIVE_COMMENT = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);

    private final String nodeId;
    private final EventHub hub;

    public EventsAdmin(String nodeId, EventHub hub) {
        this.nodeId = nodeId;
        this.hub = hub;
    }

    public void register(AdminHandler h) {
        h.on("GET", "/events", (x, m) -> stream(x));
    }

    private void stream(AdminExchange x) throws IOException {
        EventFilter filter = filter(x.request);
        try (Subscription s = hub.subscribe(filter)) {
            x.request.addFailureListener(failure -> s.close());
            x.request.addIdleTimeoutListener(timeout -> false);
            Response response = x.response;
            x.head(200, "text/event-stream", -1);
            LOG.info("events: {} streams {} from node {}", x.actor(), filter, nodeId);
            try {
                // commits the head at once, so the client sees the stream open before the first event
                write(response, (": node " + nodeId + ", " + filter + "\nretry: 2000\n\n").getBytes(StandardCharsets.UTF_8));
                while (true) {
                    Event e = s.next(KEEPALIVE.toNanos());
                    if (e != null) {
                        write(response, batch(e, s));
                    } else if (s.isClosed()) {
                        return;
                    } else {
                        write(response, KEEPALIVE_COMMENT);
                    }
                }
            } finally {
                LOG.info("events: stream of {} ended ({} events dropped)", x.actor(), s.droppedTotal());
            }
        }
    }

    /** {@code first} and what else is queued already, up to {@link #BATCH_BYTES}, as one buffer. */
    private static byte[] batch(Event first, Subscription s) {
        byte[] frame = first.frame();
        List<byte[]> frames = null;
        int size = frame.length;
        while (size < BATCH_BYTES) {
            Event more = s.poll();
            if (more == null) {
                break;
            }
            if (frames == null) {
                frames = new ArrayList<>();
                frames.add(frame);
            }
            byte[] f = more.frame();
            frames.add(f);
            size += f.length;
        }
        if (frames == null) {
            return frame;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        frames.forEach(all::put);
        return all.array();
    }

    private static void write(Response response, byte[] bytes) throws IOException {
        Blocking.write(response, false, ByteBuffer.wrap(bytes));
    }

    private static EventFilter filter(Request request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        try {
            for (Fields.Field f : Request.extractQueryParameters(request)) {
                query.put(f.getName(), f.getValues());
            }
            return EventFilter.parse(query);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "the query string is not valid URL encoding");
        }
    }
}
