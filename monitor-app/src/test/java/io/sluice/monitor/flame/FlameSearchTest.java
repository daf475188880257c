package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.ACQUIRE;
import static io.sluice.monitor.flame.Trees.HANDLE;
import static io.sluice.monitor.flame.Trees.RUN;
import static io.sluice.monitor.flame.Trees.node;
import static io.sluice.monitor.flame.Trees.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class FlameSearchTest {

    @Test
    void textMatchesAsACaseInsensitiveSubstringInEveryBranch() {
        FlameSearch.Result r = FlameSearch.search(Trees.sample(), FlameSearch.matcher("proxyhandler.HANDLE"));

        assertThat(r.paths()).containsExactly(path("all", RUN, HANDLE), path("all", ACQUIRE, HANDLE));
        assertThat(r.weight()).isEqualTo(70);
        assertThat(r.share()).isCloseTo(0.70, within(1e-9));
        assertThat(FrameText.matches(r, "samples")).isEqualTo("2 matches, 70.0 % of samples");
    }

    @Test
    void aSampleUnderSeveralMatchingFramesCountsOnce() {
        // Thread.run (70) contains handle (60) and ProxyHandler.log (10): they add nothing; acquire's handle adds 10
        FlameSearch.Result r = FlameSearch.search(Trees.sample(), FlameSearch.matcher("/thread|handle/"));

        assertThat(r.matches()).isEqualTo(4);
        assertThat(r.weight()).isEqualTo(80);
        assertThat(r.share()).isCloseTo(0.80, within(1e-9));
    }

    @Test
    void recursionCountsOnce() {
        var tree = node("all", 0, node("f", 2, node("f", 3, node("f", 5))), node("g", 10));

        FlameSearch.Result r = FlameSearch.search(tree, FlameSearch.matcher("f"));

        assertThat(r.matches()).isEqualTo(3);
        assertThat(r.share()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theSyntheticRootIsNeverAMatch() {
        FlameSearch.Result r = FlameSearch.search(Trees.sample(), FlameSearch.matcher("all"));

        assertThat(r.matches()).isZero();
        assertThat(FrameText.matches(r, "samples")).isEqualTo("no matches");
    }

    @Test
    void blankSearchesNothingAndABadRegexSaysSo() {
        assertThat(FlameSearch.matcher("  ")).isNull();
        assertThat(FlameSearch.matcher(null)).isNull();
        assertThatThrownBy(() -> FlameSearch.matcher("/[/")).isInstanceOf(PatternSyntaxException.class);
        assertThat(FlameSearch.matcher("[x").test("a[X]")).as("brackets without slashes are text").isTrue();
    }

    @Test
    void theSummaryNamesTheProfilesUnit() {
        FlameSearch.Result r = FlameSearch.search(Trees.sample(), FlameSearch.matcher("acquire"));

        assertThat(FrameText.matches(r, "bytes")).isEqualTo("1 match, 30.0 % of allocated bytes");
        assertThat(FrameText.matches(r, "nanoseconds")).isEqualTo("1 match, 30.0 % of wall time");
    }
}
