package io.sluice.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The server-sent events wire format (WHATWG HTML, "event stream interpretation"), line by line:
 * {@code event:}, {@code data:} (several join with newlines), {@code id:} and {@code retry:}
 * fields, {@code :} comments, and a blank line that dispatches the message. One leading space
 * after the colon is dropped; a message without data is not dispatched; the last event id
 * carries over to later messages; a message cut off by the end of the stream is dropped.
 */
final class SseParser {

    /** One dispatched message; {@code event} is {@code message} when the server named none. */
    record Message(String event, String id, String data) {
    }

    private final Consumer<Message> sink;
    private final StringBuilder data = new StringBuilder();
    private String event = "";
    private String lastId = "";
    private long retryMillis = -1;
    private boolean first = true;

    SseParser(Consumer<Message> sink) {
        this.sink = sink;
    }

    /** Feeds every line of {@code in} until its end (BufferedReader splits on CR, LF and CRLF, as SSE does). */
    void readAll(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            line(line);
        }
    }

    /** One line, without its terminator. */
    void line(String line) {
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    /** The reconnection time the server asked for, or -1. */
    long retryMillis() {
        return retryMillis;
    }

    private void dispatch() {
        if (data.isEmpty()) {
            event = "";
            return;
        }
        data.setLength(data.length() - 1);
        Message m = new Message(event.isEmpty() ? "message" : event, lastId, data.toString());
        data.setLength(0);
        event = "";
        sink.accept(m);
    }
}
