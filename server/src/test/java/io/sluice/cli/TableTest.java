package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void shouldPadColumnsAndAlignNumbersRightWhenRendering() {
        String text = new Table("NODE", "CALLS", "ERROR").row("node-1", 7, null).row("node-12", 1200, "boom").render("-");

        assertThat(text).isEqualTo("""
                NODE     CALLS  ERROR
                node-1       7  -
                node-12   1200  boom
                """);
    }

    @Test
    void shouldKeepAColumnOfDashesLeftAlignedWhenItHoldsNoNumber() {
        String text = new Table("A", "B").row("x", null).row("yy", null).render("-");

        assertThat(text).isEqualTo("A   B\nx   -\nyy  -\n");
    }

    @Test
    void shouldPrintTheNoneTextWhenThereAreNoRows() {
        assertThat(new Table("A").render("(no routes)")).isEqualTo("(no routes)\n");
    }
}
