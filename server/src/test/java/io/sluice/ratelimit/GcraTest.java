package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcraTest {

    private static final long MS = 1_000_000L;
    private static final long NOW = 1_000_000 * MS;

    /** 10 per second, burst 5: one token every 100 ms, five at once from a full bucket. */
    private final Gcra gcra = new Gcra(100 * MS, 5);

    @Test
    void shouldGrantTheWholeBurstFromANewBucket() {
        Gcra.Grant g = gcra.take(0, NOW, 5, 1, 0);

        assertThat(g.granted()).isEqualTo(5);
        assertThat(g.firstDue()).isLessThanOrEqualTo(NOW);
        assertThat(g.tat()).isEqualTo(NOW + 500 * MS);
        assertThat(gcra.remaining(g.tat(), NOW)).isZero();
    }

    @Test
    void shouldGrantOnlyWhatIsDueWhenAskedForMore() {
        Gcra.Grant g = gcra.take(0, NOW, 50, 1, 0);

        assertThat(g.granted()).isEqualTo(5);
    }

    @Test
    void shouldGrantNothingAndSayWhenTheMinimumIsDueWhenFewerAreThere() {
        long tat = NOW + 400 * MS; // one token left

        Gcra.Grant g = gcra.take(tat, NOW, 4, 3, 0);

        assertThat(g.granted()).isZero();
        assertThat(g.tat()).isEqualTo(tat);
        assertThat(g.retryAt()).isEqualTo(NOW + 200 * MS);
        assertThat(gcra.take(tat, g.retryAt(), 4, 3, 0).granted()).isEqualTo(3);
    }

    @Test
    void shouldRefillOneTokenPerInterval() {
        long empty = NOW + 500 * MS;

        assertThat(gcra.take(empty, NOW + 99 * MS, 1, 1, 0).granted()).isZero();
        assertThat(gcra.take(empty, NOW + 100 * MS, 1, 1, 0).granted()).isOne();
        assertThat(gcra.remaining(empty, NOW + 300 * MS)).isEqualTo(3);
    }

    @Test
    void shouldGrantTokensDueWithinTheDelayAndSpaceThemOneIntervalApart() {
        long empty = NOW + 500 * MS;

        Gcra.Grant g = gcra.take(empty, NOW, 3, 1, 250 * MS);

        assertThat(g.granted()).isEqualTo(2);
        assertThat(g.firstDue()).isEqualTo(NOW + 100 * MS);
        assertThat(g.tat()).isEqualTo(empty + 200 * MS);
    }

    @Test
    void shouldTakeBackUnusedTokensButNeverBeyondFull() {
        long tat = NOW + 300 * MS;

        assertThat(gcra.giveBack(tat, NOW, 2)).isEqualTo(NOW + 100 * MS);
        assertThat(gcra.giveBack(tat, NOW, 50)).isEqualTo(NOW);
        assertThat(gcra.giveBack(0, NOW, 5)).isZero();
    }

    @Test
    void shouldSplitRateAndBurstForAFallbackShare() {
        Gcra share = gcra.shareOf(3);

        assertThat(share.intervalNanos()).isEqualTo(300 * MS);
        assertThat(share.burst()).isEqualTo(1);
        assertThat(gcra.shareOf(0)).isEqualTo(gcra);
    }
}
