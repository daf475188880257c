package io.sluice.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** W3C traceparent: what a receiver must accept and reject, and what the node sends. */
class TraceParentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void shouldReadTheIdsAndFlagsWhenTheValueIsValid() {
        TraceParent p = TraceParent.parse(VALID);

        assertThat(p).isNotNull();
        assertThat(TraceParent.hex(p.traceIdHigh(), p.traceIdLow())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.hex(p.parentId())).isEqualTo("00f067aa0ba902b7");
        assertThat(p.flags()).isEqualTo(1);
    }

    @Test
    void shouldFormatWhatItParsesWhenGivenTheSameIds() {
        TraceParent p = TraceParent.parse(VALID);

        assertThat(TraceParent.format(p.traceIdHigh(), p.traceIdLow(), p.parentId(), p.flags())).isEqualTo(VALID);
    }

    @Test
    void shouldFormatLowercaseZeroPaddedHexWhenIdsAreSmallOrNegative() {
        assertThat(TraceParent.format(0, 1, -1L, 0))
                .isEqualTo("00-00000000000000000000000000000001-ffffffffffffffff-00")
                .hasSize(TraceParent.LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",                  // short flags
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",                  // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",                  // short parent id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",                // version 00 with more
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-010",                // version 00 too long
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",                 // uppercase
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",                 // not hex
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",                 // separators
        "0-04bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",                 // short version
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",                 // forbidden version
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",                 // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",                 // all-zero parent id
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",                // future version, no '-' after
        " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",                // leading space shifts fields
    })
    void shouldRejectTheValueWhenItsShapeIsInvalid(String value) {
        assertThat(TraceParent.parse(value)).isNull();
    }

    @Test
    void shouldRejectNothingWhenAbsent() {
        assertThat(TraceParent.parse(null)).isNull();
    }

    @Test
    void shouldReadAFutureVersionAsVersion00WhenItsPrefixHasThatShape() {
        TraceParent p = TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-what-the-future-adds");

        assertThat(p).isNotNull();
        assertThat(TraceParent.hex(p.parentId())).isEqualTo("00f067aa0ba902b7");
        assertThat(p.flags()).as("only the flags the node knows are passed on").isEqualTo(0x03);
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNotNull();
    }
}
