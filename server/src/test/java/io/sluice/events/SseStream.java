package io.sluice.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A test's subscriber: opens the stream with java.net.http ({@code BodyHandlers.ofLines()}), parses
 * the SSE messages on a virtual thread and lets the test wait for the one it expects.
 */
final class SseStream implements AutoCloseable {

    record Message(String id, String type, String data) {
    }

    /** Put after the last message when the server ended the stream. */
    static final Message END = new Message(null, "(end of stream)", null);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    /** What the test has looked at, in order, and which of those an await returned (test thread only). */
    private final List<Message> received = new ArrayList<>();
    private final java.util.Set<Integer> taken = new java.util.HashSet<>();
    private final Thread reader;

    private SseStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    static SseStream open(HttpClient client, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> r = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new AssertionError("the stream answered " + r.statusCode() + ": " + String.join("\n", r.body().toList()));
        }
        return new SseStream(r);
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = null;
        try {
            var lines = response.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        messages.add(new Message(id, type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (RuntimeException e) {
            // closed by the test, or cut: either way the stream is over
        }
        messages.add(END);
    }

    /**
     * The first message of {@code type} that {@code matches} and that no earlier call returned,
     * among those received so far or arriving later; fails after a generous wait.
     */
    Message await(String type, Predicate<String> matches) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int next = 0;
        while (true) {
            for (; next < received.size(); next++) {
                Message m = received.get(next);
                if (type.equals(m.type()) && !taken.contains(next) && (m.data() == null || matches.test(m.data()))) {
                    taken.add(next);
                    return m;
                }
                if (m == END) {
                    throw new AssertionError("the stream ended before a matching " + type + " event; seen: " + types());
                }
            }
            Message m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching " + type + " event came; seen: " + types());
            }
            received.add(m);
        }
    }

    private List<String> types() {
        return received.stream().map(Message::type).toList();
    }

    Message await(String type) throws InterruptedException {
        return await(type, data -> true);
    }

    /** Waits until the server ends the stream. */
    void awaitEnd() throws InterruptedException {
        await(END.type());
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
