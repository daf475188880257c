package io.sluice.events;

import static io.sluice.testing.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.StreamEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream's filters, parsed from the query: types for every event, route/status/minMillis for traces only. */
class EventFilterTest {

    private static EventFilter parse(String... nameValue) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            query.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return EventFilter.parse(query);
    }

    private static final StreamEvent.Breaker BREAKER = new StreamEvent.Breaker("node-1", "app", "CLOSED", "OPEN", "t");

    @Test
    void shouldAcceptEverythingWhenNoFilterIsGiven() {
        EventFilter all = parse();
        for (EventType t : EventType.values()) {
            assertThat(all.wants(t)).as(t.wire()).isTrue();
        }
        assertThat(all.accepts(EventType.TRACE, trace(null, 404, 0))).isTrue();
    }

    @Test
    void shouldKeepOnlyTheListedTypesButAlwaysDropped() {
        EventFilter f = parse("types", "trace, metrics", "types", "BREAKER");
        assertThat(f.wants(EventType.TRACE)).isTrue();
        assertThat(f.wants(EventType.METRICS)).isTrue();
        assertThat(f.wants(EventType.BREAKER)).isTrue();
        assertThat(f.wants(EventType.CONFIG)).isFalse();
        assertThat(f.wants(EventType.HEALTH)).isFalse();
        assertThat(f.wants(EventType.DROPPED)).isTrue();
        assertThat(f.accepts(EventType.CONFIG, new Object())).isFalse();
    }

    @Test
    void shouldMatchStatusClassesExactCodesAndLists() {
        EventFilter f = parse("status", "5xx,429");
        assertThat(f.accepts(EventType.TRACE, trace("shop", 503, 1))).isTrue();
        assertThat(f.accepts(EventType.TRACE, trace("shop", 500, 1))).isTrue();
        assertThat(f.accepts(EventType.TRACE, trace("shop", 429, 1))).isTrue();
        assertThat(f.accepts(EventType.TRACE, trace("shop", 404, 1))).isFalse();
        assertThat(f.accepts(EventType.TRACE, trace("shop", 200, 1))).isFalse();

        EventFilter exact = parse("status", "503");
        assertThat(exact.accepts(EventType.TRACE, trace("shop", 503, 1))).isTrue();
        assertThat(exact.accepts(EventType.TRACE, trace("shop", 502, 1))).isFalse();
    }

    @Test
    void shouldMatchRouteAndMinimumDurationOnTracesOnly() {
        EventFilter f = parse("route", "shop", "minMillis", "250");
        assertThat(f.accepts(EventType.TRACE, trace("shop", 200, 250))).isTrue();
        assertThat(f.accepts(EventType.TRACE, trace("shop", 200, 249))).isFalse();
        assertThat(f.accepts(EventType.TRACE, trace("search", 200, 900))).isFalse();
        assertThat(f.accepts(EventType.TRACE, trace(null, 404, 900))).as("no route matched").isFalse();
        assertThat(f.accepts(EventType.BREAKER, BREAKER)).as("not a trace: route and duration do not apply").isTrue();
    }

    @Test
    void shouldRejectBadValuesNamingTheParameterTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> parse("status", "6xx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status").hasMessageContaining("'6xx'").hasMessageContaining("5xx");
        assertThatThrownBy(() -> parse("status", "50")).hasMessageContaining("'50'");
        assertThatThrownBy(() -> parse("status", "5XXX")).hasMessageContaining("'5XXX'");
        assertThatThrownBy(() -> parse("types", "trace,logs")).hasMessageContaining("types")
                .hasMessageContaining("'logs'").hasMessageContaining("trace, breaker, config, health, metrics");
        assertThatThrownBy(() -> parse("minMillis", "-1")).hasMessageContaining("minMillis").hasMessageContaining("'-1'");
        assertThatThrownBy(() -> parse("minMillis", "1.5")).hasMessageContaining("'1.5'");
        assertThatThrownBy(() -> parse("minMilis", "10")).hasMessageContaining("'minMilis' is not a filter")
                .hasMessageContaining("minMillis");
    }

    @Test
    void shouldDescribeItselfForTheLog() {
        assertThat(parse("types", "trace", "route", "shop", "status", "5xx,503", "minMillis", "20"))
                .hasToString("types=trace route=shop status=5xx,503 minMillis=20");
    }
}
