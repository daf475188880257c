package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.ACQUIRE;
import static io.sluice.monitor.flame.Trees.HANDLE;
import static io.sluice.monitor.flame.Trees.LOG;
import static io.sluice.monitor.flame.Trees.RUN;
import static io.sluice.monitor.flame.Trees.SEND;
import static io.sluice.monitor.flame.Trees.WRITE;
import static io.sluice.monitor.flame.Trees.node;
import static io.sluice.monitor.flame.Trees.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.model.FlameNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameLayoutTest {

    private static final double E = 1e-9;

    @Test
    void widthsAreSharesOfTheRootAndCalleesStartAtTheirCallersLeftEdge() {
        FlameLayout l = FlameLayout.of(Trees.sample(), List.of(), 0, null);

        assertThat(l.depth()).isEqualTo(4);
        assertThat(l.row(0)).singleElement().satisfies(f -> {
            assertThat(f.x()).isZero();
            assertThat(f.width()).isEqualTo(1.0);
        });
        Frame run = l.find(path("all", RUN)).orElseThrow();
        Frame acquire = l.find(path("all", ACQUIRE)).orElseThrow();
        assertThat(run.width()).isCloseTo(0.7, within(E));
        assertThat(acquire.x()).isCloseTo(0.7, within(E));
        assertThat(acquire.width()).isCloseTo(0.3, within(E));
        Frame send = l.find(path("all", RUN, HANDLE, SEND)).orElseThrow();
        Frame write = l.find(path("all", RUN, HANDLE, WRITE)).orElseThrow();
        assertThat(send.x()).isZero();
        assertThat(write.x()).isCloseTo(0.4, within(E));
        assertThat(write.share()).isCloseTo(0.15, within(E));

        // every frame's callees fill exactly its width minus its own weight
        for (Frame f : l.frames()) {
            double callees = l.row(f.depth() + 1).stream()
                    .filter(c -> c.path().subList(0, c.path().size() - 1).equals(f.path()))
                    .mapToDouble(Frame::width).sum();
            assertThat(callees).as(f.name()).isCloseTo(f.width() - (double) f.self() / 100, within(E));
        }
        assertThat(l.frames()).noneMatch(Frame::ancestor).noneMatch(Frame::matched).allMatch(f -> f.diff() == null);
        assertThat(l.zoomed()).isFalse();
    }

    @Test
    void zoomMakesAFrameFullWidthAndKeepsItsCallersAsFullWidthContext() {
        FlameLayout l = FlameLayout.of(Trees.sample(), path("all", RUN, HANDLE), 0, null);

        assertThat(l.zoomed()).isTrue();
        assertThat(l.zoom()).containsExactly("all", RUN, HANDLE);
        Frame handle = l.find(path("all", RUN, HANDLE)).orElseThrow();
        assertThat(handle.x()).isZero();
        assertThat(handle.width()).isEqualTo(1.0);
        assertThat(handle.ancestor()).isFalse();
        assertThat(handle.share()).as("share stays of the whole profile").isCloseTo(0.6, within(E));
        assertThat(l.row(0)).singleElement().satisfies(f -> {
            assertThat(f.ancestor()).isTrue();
            assertThat(f.width()).isEqualTo(1.0);
        });
        assertThat(l.row(1)).extracting(Frame::name).containsExactly(RUN);
        assertThat(l.find(path("all", RUN, HANDLE, SEND)).orElseThrow().width()).isCloseTo(40.0 / 60, within(E));
        assertThat(l.frames()).extracting(Frame::name).doesNotContain(ACQUIRE, LOG);
    }

    @Test
    void aZoomPathThatLeavesTheTreeStopsAtItsLastFrame() {
        FlameLayout l = FlameLayout.of(Trees.sample(), path("all", RUN, "gone.Frame.method", SEND), 0, null);

        assertThat(l.zoom()).containsExactly("all", RUN);
        assertThat(l.find(path("all", RUN)).orElseThrow().width()).isEqualTo(1.0);
    }

    @Test
    void framesNarrowerThanTheMinimumAreLeftOutWithTheirCallees() {
        FlameLayout l = FlameLayout.of(Trees.sample(), List.of(), 0.12, null);

        assertThat(l.frames()).extracting(Frame::path)
                .contains(path("all", RUN, HANDLE, WRITE))
                .doesNotContain(path("all", RUN, LOG), path("all", ACQUIRE, HANDLE));
        // zoomed in, the same frame is wide enough again
        FlameLayout zoomed = FlameLayout.of(Trees.sample(), path("all", ACQUIRE), 0.12, null);
        assertThat(zoomed.find(path("all", ACQUIRE, HANDLE))).isPresent();
    }

    @Test
    void hitTestFindsTheFrameUnderAPointOrNothing() {
        FlameLayout l = FlameLayout.of(Trees.sample(), List.of(), 0, null);

        assertThat(l.frameAt(0.0, 0)).map(Frame::name).contains("all");
        assertThat(l.frameAt(1.0, 0)).map(Frame::name).contains("all");
        assertThat(l.frameAt(0.75, 1)).map(Frame::name).contains(ACQUIRE);
        assertThat(l.frameAt(0.65, 2)).map(Frame::name).contains(LOG);
        assertThat(l.frameAt(0.72, 2)).map(Frame::path).contains(path("all", ACQUIRE, HANDLE));
        assertThat(l.frameAt(0.85, 2)).as("self time of acquire has no callee").isEmpty();
        assertThat(l.frameAt(0.5, 9)).isEmpty();
        assertThat(l.frameAt(0.5, -1)).isEmpty();
    }

    @Test
    void searchMatchesAreMarkedButNeverTheRoot() {
        FlameLayout l = FlameLayout.of(Trees.sample(), List.of(), 0, name -> name.contains("a"));

        assertThat(l.row(0).getFirst().matched()).isFalse();
        assertThat(l.frames()).filteredOn(Frame::matched).extracting(Frame::name).contains(HANDLE, ACQUIRE, RUN);
    }

    @Test
    void anEmptyProfileDrawsOnlyTheRoot() {
        FlameLayout l = FlameLayout.of(new FlameNode("all", 0, 0, List.of(node("x", 0))), List.of(), 0, null);

        assertThat(l.frames()).singleElement().satisfies(f -> {
            assertThat(f.width()).isEqualTo(1.0);
            assertThat(f.share()).isZero();
        });
        assertThat(FlameLayout.empty().frames()).isEmpty();
        assertThat(FlameLayout.empty().frameAt(0.5, 0)).isEmpty();
    }

    @Test
    void aPixelWideFrameIsVisibleANarrowerOneIsNot() {
        FlameLayout l = FlameLayout.of(Trees.sample(), List.of(), 0, null);
        Frame log = l.find(path("all", RUN, LOG)).orElseThrow(); // 10 % wide

        assertThat(log.visibleAt(10)).isTrue();
        assertThat(log.visibleAt(9)).isFalse();
    }
}
