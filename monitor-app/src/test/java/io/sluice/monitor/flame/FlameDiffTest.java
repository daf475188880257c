package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.HANDLE;
import static io.sluice.monitor.flame.Trees.LOG;
import static io.sluice.monitor.flame.Trees.RUN;
import static io.sluice.monitor.flame.Trees.SEND;
import static io.sluice.monitor.flame.Trees.WRITE;
import static io.sluice.monitor.flame.Trees.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlameDiffTest {

    private static final double E = 1e-9;

    private final DiffNode diff = FlameDiff.merge(Trees.sample(), Trees.later());
    private final FlameLayout layout = FlameLayout.of(diff, List.of(), 0, null);

    @Test
    void sharesAreOfEachProfilesOwnTotal() {
        assertThat(diff.totalA()).isEqualTo(100);
        assertThat(diff.totalB()).isEqualTo(200);
        assertThat(diff.delta()).isZero();

        Frame send = layout.find(path("all", RUN, HANDLE, SEND)).orElseThrow();
        assertThat(send.diff().shareA()).isCloseTo(0.40, within(E));
        assertThat(send.diff().shareB()).isCloseTo(0.45, within(E));
        assertThat(send.diff().delta()).as("grew").isCloseTo(0.05, within(E));
        assertThat(send.width()).as("width from B").isCloseTo(0.45, within(E));
    }

    @Test
    void shrunkGrownAndOnlyInB() {
        Frame write = layout.find(path("all", RUN, HANDLE, WRITE)).orElseThrow();
        assertThat(write.diff().delta()).as("shrank from 15 % to 2.5 %").isCloseTo(-0.125, within(E));

        Frame cache = layout.find(path("all", "io.sluice.cache.Cache.get")).orElseThrow();
        assertThat(cache.diff().totalA()).isZero();
        assertThat(cache.diff().shareA()).isZero();
        assertThat(cache.diff().delta()).as("only in B counts as grown").isCloseTo(0.20, within(E));
    }

    @Test
    void framesOnlyInAAreNotDrawn() {
        assertThat(layout.frames()).extracting(Frame::name).doesNotContain(LOG);
        assertThat(layout.diff()).isTrue();
    }

    @Test
    void coloursAreRedForGrowthBlueForShrinkageStrongerForLargerChanges() {
        Frame cache = layout.find(path("all", "io.sluice.cache.Cache.get")).orElseThrow(); // +20 %, the largest
        Frame send = layout.find(path("all", RUN, HANDLE, SEND)).orElseThrow();             // +5 %
        Frame write = layout.find(path("all", RUN, HANDLE, WRITE)).orElseThrow();           // -12.5 %

        assertThat(layout.maxAbsDelta()).isCloseTo(0.20, within(E));
        int c = FlamePalette.rgb(cache, layout);
        int s = FlamePalette.rgb(send, layout);
        int w = FlamePalette.rgb(write, layout);
        assertThat(FlamePalette.red(c)).isEqualTo(255);
        assertThat(FlamePalette.green(c)).isLessThan(FlamePalette.green(s));
        assertThat(FlamePalette.blue(w)).isEqualTo(255);
        assertThat(FlamePalette.red(w)).isLessThan(200);
        assertThat(FrameText.describe(write, "samples"))
                .isEqualTo(WRITE + " — A 15.0 % → B 2.5 % (-12.5 %), 5 samples in B");
    }
}
