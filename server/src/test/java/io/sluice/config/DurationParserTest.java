package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTest {

    @Test
    void shouldParseMillisecondsWhenSuffixIsMs() {
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldParseSecondsWhenSuffixIsS() {
        assertThat(DurationParser.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldParseMinutesWhenSuffixIsM() {
        assertThat(DurationParser.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldParseHoursWhenSuffixIsH() {
        assertThat(DurationParser.parse("3h")).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void shouldAcceptSurroundingAndInnerSpacesWhenNumberAndUnitAreValid() {
        assertThat(DurationParser.parse(" 250 ms ")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldExplainSyntaxWhenUnitIsUnknown() {
        assertThatThrownBy(() -> DurationParser.parse("2 parsecs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'2 parsecs' is not a duration: write a whole number with ms, s, m or h (e.g. 500ms, 2s)");
    }

    @Test
    void shouldRejectFractionWhenNumberIsNotWhole() {
        assertThatThrownBy(() -> DurationParser.parse("1.5s"))
                .hasMessage("'1.5s' is not a duration: write a whole number with ms, s, m or h (e.g. 500ms, 2s)");
    }

    @Test
    void shouldRejectBareNumberWhenUnitIsMissing() {
        assertThatThrownBy(() -> DurationParser.parse("30"))
                .hasMessage("'30' is not a duration: write a whole number with ms, s, m or h (e.g. 500ms, 2s)");
    }

    @Test
    void shouldFormatAsMillisecondsWhenNotWholeSeconds() {
        assertThat(DurationParser.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void shouldFormatAsSecondsWhenWholeSeconds() {
        assertThat(DurationParser.format(Duration.ofMinutes(2))).isEqualTo("120s");
    }
}
