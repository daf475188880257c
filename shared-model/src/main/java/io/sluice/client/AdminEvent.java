package io.sluice.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import java.io.IOException;
import java.util.Map;

/**
 * One event of a node's live stream: its type ({@code trace}, {@code breaker}, {@code config},
 * {@code health}, {@code metrics}, {@code dropped}), its id, the payload as its shared-model record
 * ({@link TraceRecord}, {@link StreamEvent.Breaker}, {@link StreamEvent.Config},
 * {@link StreamEvent.Health}, {@link MetricsSnapshot}, {@link StreamEvent.Dropped}) and the JSON as
 * sent. An event type this client does not know, or a payload it cannot read, keeps the JSON text
 * as {@code data}, so a newer node never breaks an older reader.
 *
 * <pre>{@code
 * switch (event.data()) {
 *     case TraceRecord t -> ...
 *     case MetricsSnapshot m -> ...
 *     default -> { }
 * }
 * }</pre>
 */
public record AdminEvent(String type, String id, Object data, String json) {

    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            "trace", TraceRecord.class,
            "breaker", StreamEvent.Breaker.class,
            "config", StreamEvent.Config.class,
            "health", StreamEvent.Health.class,
            "metrics", MetricsSnapshot.class,
            "dropped", StreamEvent.Dropped.class);

    static AdminEvent of(SseParser.Message m, ObjectMapper json) {
        Class<?> type = PAYLOADS.get(m.event());
        Object data = m.data();
        if (type != null) {
            try {
                data = json.readValue(m.data(), type);
            } catch (IOException e) {
                // kept as text: see the class comment
            }
        }
        return new AdminEvent(m.event(), m.id().isEmpty() ? null : m.id(), data, m.data());
    }
}
