package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HumanTest {

    private final Instant now = Instant.parse("2026-11-23T18:30:00Z");

    @Test
    void shouldSayHowLongAgoInTheLargestUnitWhenGivenAnInstant() {
        assertThat(Human.ago("2026-11-23T18:29:18Z", now)).isEqualTo("42s ago");
        assertThat(Human.ago("2026-11-23T18:25:00Z", now)).isEqualTo("5m ago");
        assertThat(Human.ago("2026-11-20T18:30:00Z", now)).isEqualTo("3d ago");
        assertThat(Human.ago("2026-11-23T21:30:00Z", now)).isEqualTo("in 3h");
        assertThat(Human.ago(null, now)).isEqualTo("-");
        assertThat(Human.ago("soon", now)).isEqualTo("soon");
        assertThat(Human.when("2026-11-23T18:25:00Z", now, ZoneOffset.UTC)).isEqualTo("2026-11-23 18:25 (5m ago)");
    }

    @Test
    void shouldUseTwoUnitsWhenShowingUptime() {
        assertThat(Human.uptime(45)).isEqualTo("45s");
        assertThat(Human.uptime(725)).isEqualTo("12m 5s");
        assertThat(Human.uptime(4 * 3600 + 720)).isEqualTo("4h 12m");
        assertThat(Human.uptime(3 * 86_400 + 4 * 3600)).isEqualTo("3d 4h");
    }

    @Test
    void shouldScaleSizesAndDurationsWhenPrinting() {
        assertThat(Human.bytes(512)).isEqualTo("512 B");
        assertThat(Human.bytes(3482)).isEqualTo("3.4 KB");
        assertThat(Human.bytes(120L << 20)).isEqualTo("120 MB");
        assertThat(Human.millis(0.84)).isEqualTo("0.8ms");
        assertThat(Human.millis(12.4)).isEqualTo("12ms");
        assertThat(Human.millis(1250)).isEqualTo("1.25s");
        assertThat(Human.percent(-1)).isEqualTo("-");
        assertThat(Human.percent(12.5)).isEqualTo("12.5%");
    }
}
