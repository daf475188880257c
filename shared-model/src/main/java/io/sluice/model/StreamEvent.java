package io.sluice.model;

/**
 * The payloads of a node's live stream ({@code GET /admin/v1/events}, server-sent events). Each SSE
 * message has {@code event:} set to the type and {@code data:} holding one of these as JSON:
 * <ul>
 *   <li>{@code trace} → {@link TraceRecord}</li>
 *   <li>{@code breaker} → {@link Breaker}</li>
 *   <li>{@code config} → {@link Config}</li>
 *   <li>{@code health} → {@link Health}</li>
 *   <li>{@code metrics} → {@link MetricsSnapshot}, once a second</li>
 *   <li>{@code dropped} → {@link Dropped}: events this subscriber missed because it read too slowly</li>
 * </ul>
 */
public final class StreamEvent {

    private StreamEvent() {
    }

    /** A breaker changed state on {@code node}. */
    public record Breaker(String node, String breaker, String from, String to, String at) {
    }

    /** {@code node} applied a config version (or failed to: {@code error}). */
    public record Config(String node, long version, String author, String comment, String at, String error) {
    }

    /** An upstream endpoint's health changed on {@code node}. */
    public record Health(String node, String upstream, String endpoint, String from, String to, String why, String at) {
    }

    /** How many events this subscriber lost since the last {@code dropped} event. */
    public record Dropped(long count, String at) {
    }
}
