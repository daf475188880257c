package io.sluice.monitor.flame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTextTest {

    @Test
    void amountsInTheProfilesUnitWithGrouping() {
        assertThat(FrameText.amount(1234, "samples")).isEqualTo("1,234 samples");
        assertThat(FrameText.amount(5_242_880, "bytes")).isEqualTo("5,242,880 bytes");
        assertThat(FrameText.amount(20_000_000, "nanoseconds")).isEqualTo("20,000,000 ns");
        assertThat(FrameText.amount(3, null)).isEqualTo("3 samples");
    }

    @Test
    void sharesAndChanges() {
        assertThat(FrameText.share(0.123)).isEqualTo("12.3 %");
        assertThat(FrameText.share(0)).isEqualTo("0.0 %");
        assertThat(FrameText.share(0.0001)).isEqualTo("<0.1 %");
        assertThat(FrameText.delta(0.023)).isEqualTo("+2.3 %");
        assertThat(FrameText.delta(-0.01)).isEqualTo("-1.0 %");
    }

    @Test
    void describesAFrame() {
        Frame f = new Frame(2, 0, 0.123, "io.sluice.proxy.ProxyHandler.handle", 1234, 0, 0.123, List.of(), false, false, null);

        assertThat(FrameText.describe(f, "samples")).isEqualTo("io.sluice.proxy.ProxyHandler.handle — 1,234 samples (12.3 %)");
    }

    @Test
    void namesAreCutToFitWithAnEllipsis() {
        assertThat(FrameText.fit("io.sluice.Foo.bar", 200, 6)).isEqualTo("io.sluice.Foo.bar");
        assertThat(FrameText.fit("io.sluice.Foo.bar", 60, 6)).isEqualTo("io.sluice…").hasSize(10);
        assertThat(FrameText.fit("io.sluice.Foo.bar", 12, 6)).isEmpty();
    }
}
