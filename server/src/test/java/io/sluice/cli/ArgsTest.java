package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void shouldTakeOptionsAnywhereWhenMixedWithWords() {
        Args a = Args.parse("--json", "config", "apply", "f.yaml", "--comment=canary", "--if-match", "7");

        assertThat(a.word(0)).isEqualTo("config");
        assertThat(a.word(2)).isEqualTo("f.yaml");
        assertThat(a.flag("json")).isTrue();
        assertThat(a.option("comment")).isEqualTo("canary");
        assertThat(a.number("if-match", 1, 100)).isEqualTo(7);
        a.done(3);
    }

    @Test
    void shouldRefuseAnOptionTheCommandDidNotReadWhenDone() {
        Args a = Args.parse("breakers", "list", "--reason", "x");

        assertThatThrownBy(() -> a.done(2)).hasMessage("breakers list does not take --reason");
    }

    @Test
    void shouldRefuseExtraWordsWhenDone() {
        assertThatThrownBy(() -> Args.parse("status", "now").done(1)).hasMessage("status: unexpected 'now'");
    }

    @Test
    void shouldNameTheOptionWhenItsValueIsMissingOrBad() {
        assertThatThrownBy(() -> Args.parse("trip", "--reason")).hasMessage("--reason needs a value");
        assertThatThrownBy(() -> Args.parse("x", "--colour", "red")).hasMessage("unknown option --colour");
        assertThatThrownBy(() -> Args.parse("x", "--json=yes")).hasMessage("--json takes no value");
        assertThatThrownBy(() -> Args.parse("profile", "--seconds", "ten").number("seconds", 1, 300))
                .hasMessage("--seconds must be a whole number from 1 to 300, got 'ten'");
        assertThatThrownBy(() -> Args.parse("x", "--out", "a", "--out", "b").option("out")).hasMessage("--out is given 2 times");
    }

    @Test
    void shouldTreatMinusHAsHelp() {
        assertThat(Args.parse("-h").flag("help")).isTrue();
    }
}
