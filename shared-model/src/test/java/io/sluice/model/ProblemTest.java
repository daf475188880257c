package io.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void shouldEscapeQuotesAndControlCharactersWhenRenderingJson() {
        Problem problem = new Problem("about:blank", "Bad \"Gateway\"", 502, "line1\nline2\u0001", null, "abc");

        assertThat(problem.toJson()).isEqualTo(
                "{\"type\":\"about:blank\",\"title\":\"Bad \\\"Gateway\\\"\",\"status\":502,"
                        + "\"detail\":\"line1\\nline2\\u0001\",\"requestId\":\"abc\"}");
    }

    @Test
    void shouldRejectNonErrorStatusWhenConstructed() {
        assertThatThrownBy(() -> new Problem("about:blank", "OK", 200, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("400..599, got 200");
    }
}
