package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import org.junit.jupiter.api.Test;

class AdminEventTest {

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdminEvent of(String type, String data) {
        return AdminEvent.of(new SseParser.Message(type, "5", data), json);
    }

    @Test
    void shouldDecodeEachTypeIntoItsRecordWhenTheNodeSendsIt() {
        assertThat(of("metrics", "{\"node\":\"node-1\",\"requestsPerSecond\":12.5,\"clusterMembers\":3}").data())
                .isEqualTo(new MetricsSnapshot("node-1", null, 12.5, 0, 0, 0, 0, 0, 3));
        assertThat(of("breaker", "{\"node\":\"node-2\",\"breaker\":\"app\",\"from\":\"CLOSED\",\"to\":\"OPEN\"}").data())
                .isEqualTo(new StreamEvent.Breaker("node-2", "app", "CLOSED", "OPEN", null));
        assertThat(of("config", "{\"version\":4,\"author\":\"alice\"}").data()).isInstanceOf(StreamEvent.Config.class);
        assertThat(of("health", "{\"upstream\":\"app\"}").data()).isInstanceOf(StreamEvent.Health.class);
        assertThat(of("dropped", "{\"count\":17}").data()).isEqualTo(new StreamEvent.Dropped(17, null));
        TraceRecord trace = (TraceRecord) of("trace", "{\"traceId\":\"abc\",\"status\":502,\"spans\":[{\"name\":\"connect\"}]}").data();
        assertThat(trace.status()).isEqualTo(502);
        assertThat(trace.spans().getFirst().name()).isEqualTo("connect");
    }

    @Test
    void shouldKeepTheJsonTextWhenTheTypeIsUnknown() {
        AdminEvent e = of("future", "{\"x\":1}");

        assertThat(e.data()).isEqualTo("{\"x\":1}");
        assertThat(e.type()).isEqualTo("future");
        assertThat(e.id()).isEqualTo("5");
    }

    @Test
    void shouldKeepTheJsonTextWhenAKnownPayloadDoesNotDecode() {
        AdminEvent e = of("metrics", "not json");

        assertThat(e.data()).isEqualTo("not json");
        assertThat(e.json()).isEqualTo("not json");
    }

    @Test
    void shouldLeaveTheIdNullWhenTheStreamGaveNone() {
        assertThat(AdminEvent.of(new SseParser.Message("metrics", "", "{}"), json).id()).isNull();
    }
}
