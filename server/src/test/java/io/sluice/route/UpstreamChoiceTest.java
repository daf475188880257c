package io.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PinConfig;
import io.sluice.config.SplitConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UpstreamChoiceTest {

    static final List<SplitConfig> NINETY_TEN = List.of(new SplitConfig("stable", 90), new SplitConfig("canary", 10));
    static final Route.HeaderLookup NONE = name -> null;

    @Test
    void weightsDecideTheShareOfUnpinnedRequests() {
        Random seeded = new Random(42);
        UpstreamChoice choice = UpstreamChoice.split(NINETY_TEN, null, seeded::nextInt);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            counts.merge(choice.choose(NONE, NONE), 1, Integer::sum);
        }
        assertThat(counts.get("canary")).isBetween(9_500, 10_500);
        assertThat(counts.get("stable")).isBetween(89_500, 90_500);
    }

    @Test
    void theRandomValueMapsOntoCumulativeWeights() {
        int[] next = {0};
        UpstreamChoice choice = UpstreamChoice.split(NINETY_TEN, null, bound -> next[0]);
        next[0] = 89;
        assertThat(choice.choose(NONE, NONE)).isEqualTo("stable");
        next[0] = 90;
        assertThat(choice.choose(NONE, NONE)).isEqualTo("canary");
    }

    @Test
    void aHeaderOrCookieNamingAGroupPinsTheRequestTheHeaderFirst() {
        UpstreamChoice choice = UpstreamChoice.split(NINETY_TEN, new PinConfig("X-Group", "group"), bound -> 0);
        assertThat(choice.choose(h -> h.equals("X-Group") ? "canary" : null, NONE)).isEqualTo("canary");
        assertThat(choice.choose(NONE, c -> c.equals("group") ? "canary" : null)).isEqualTo("canary");
        assertThat(choice.choose(h -> "stable", c -> "canary")).isEqualTo("stable");
        // a value that names no group falls back to the weights (here: the first group)
        assertThat(choice.choose(h -> "nonsense", c -> "other")).isEqualTo("stable");
    }

    @Test
    void aZeroWeightGroupGetsOnlyPinnedTraffic() {
        List<SplitConfig> dark = List.of(new SplitConfig("stable", 1), new SplitConfig("dark", 0));
        Random seeded = new Random(7);
        UpstreamChoice choice = UpstreamChoice.split(dark, new PinConfig("X-Group", null), seeded::nextInt);
        for (int i = 0; i < 1000; i++) {
            assertThat(choice.choose(NONE, NONE)).isEqualTo("stable");
        }
        assertThat(choice.choose(h -> "dark", NONE)).isEqualTo("dark");
    }
}
