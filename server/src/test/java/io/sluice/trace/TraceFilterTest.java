package io.sluice.trace;

import static io.sluice.testing.TestTraces.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Filters by route, status class or code, and minimum duration; bad values name the parameter. */
class TraceFilterTest {

    @Test
    void shouldMatchAClassOrACodeWhenStatusesAreListed() {
        TraceFilter filter = TraceFilter.of(null, "5xx, 429", null);

        assertThat(filter.matches(record("a", "r", 503, 0))).isTrue();
        assertThat(filter.matches(record("b", "r", 429, 0))).isTrue();
        assertThat(filter.matches(record("c", "r", 404, 0))).isFalse();
    }

    @Test
    void shouldMatchTheRouteAndTheMinimumDurationWhenGiven() {
        TraceFilter filter = TraceFilter.of("items", null, 2L);

        assertThat(filter.matches(record("a", "items", 200, 2_000))).isTrue();
        assertThat(filter.matches(record("b", "items", 200, 1_999))).isFalse();
        assertThat(filter.matches(record("c", "orders", 200, 5_000))).isFalse();
    }

    @Test
    void shouldMatchEverythingWhenNothingIsAsked() {
        assertThat(TraceFilter.of(" ", "", null).matches(record("a", null, 0, 0))).isTrue();
        assertThat(TraceFilter.ANY.matches(record("a", "r", 500, 1))).isTrue();
    }

    @Test
    void shouldNameTheParameterWhenAValueIsInvalid() {
        assertThatThrownBy(() -> TraceFilter.of(null, "5xx,abc", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> TraceFilter.of(null, "6xx", null)).hasMessageContaining("'6xx'");
        assertThatThrownBy(() -> TraceFilter.of(null, "700", null)).hasMessageContaining("'700'");
        assertThatThrownBy(() -> TraceFilter.of(null, null, -1L)).hasMessageContaining("minMillis");
        assertThatThrownBy(() -> TraceList.parse("fastest")).hasMessageContaining("list must be recent, slowest or failed");
    }
}
