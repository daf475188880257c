package io.sluice.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** tracestate passes unchanged within 512 characters and 32 members, and is dropped whole beyond. */
class TraceStateTest {

    @Test
    void shouldPassTheValueUnchangedWhenWithinLimits() {
        String value = "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7";

        assertThat(TraceState.accept(value)).isSameAs(value);
    }

    @Test
    void shouldDropTheValueWhenItHasMoreThan32Members() {
        String members32 = IntStream.range(0, 32).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));

        assertThat(TraceState.accept(members32)).isEqualTo(members32);
        assertThat(TraceState.accept(members32 + ",k32=v")).isNull();
    }

    @Test
    void shouldNotCountEmptyMembersWhenCounting() {
        String members32 = IntStream.range(0, 32).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(", ,"));

        assertThat(TraceState.accept(members32)).isEqualTo(members32);
    }

    @Test
    void shouldDropTheValueWhenLongerThan512Characters() {
        String at512 = "a=" + "x".repeat(510);

        assertThat(TraceState.accept(at512)).isEqualTo(at512);
        assertThat(TraceState.accept(at512 + "x")).isNull();
    }

    @Test
    void shouldDropNothingButBlanksWhenEmpty() {
        assertThat(TraceState.accept(null)).isNull();
        assertThat(TraceState.accept(" , ")).isNull();
    }
}
