package io.sluice.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A subscription to a node's live stream, read on a virtual thread of its own that hands each
 * event to the listener in order. It ends when {@link #close()} is called, when the node ends the
 * stream (it stopped), when the connection fails, or when the listener throws; {@link #await}
 * waits for that and {@link #failure()} says why, if it was not a close.
 */
public final class EventStream implements AutoCloseable {

    private final String node;
    private final InputStream body;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Throwable failure;

    private EventStream(String node, InputStream body) {
        this.node = node;
        this.body = body;
    }

    static EventStream start(String node, InputStream body, Consumer<AdminEvent> listener, ObjectMapper json) {
        EventStream stream = new EventStream(node, body);
        Thread.ofVirtual().name("sluice-events " + node).start(() -> stream.read(listener, json));
        return stream;
    }

    private void read(Consumer<AdminEvent> listener, ObjectMapper json) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            new SseParser(m -> {
                if (!closed) {
                    listener.accept(AdminEvent.of(m, json));
                }
            }).readAll(in);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failure = e;
            }
        } finally {
            ended.countDown();
        }
    }

    /** Stops reading and drops the connection's stream; no event reaches the listener afterwards. */
    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /** Waits until the stream has ended. */
    public void await() throws InterruptedException {
        ended.await();
    }

    /** Waits at most {@code timeout}; true if the stream has ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True until the stream ended for any reason. */
    public boolean isOpen() {
        return ended.getCount() > 0;
    }

    /** Why the stream ended by itself (a broken connection, a listener that threw); null if it was closed or is open. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "EventStream[" + node + (isOpen() ? ", open]" : ", ended]");
    }
}
