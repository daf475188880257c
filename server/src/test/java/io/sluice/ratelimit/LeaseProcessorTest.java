package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The central bucket's side of leasing, run on a plain map entry (the partition thread is not needed to check arithmetic). */
class LeaseProcessorTest {

    private static final long MS = 1_000_000L;
    private static final long NOW = 5_000_000 * MS;
    private static final long INTERVAL = MS; // 1000 per second
    private static final long BURST = 100;

    @Test
    void shouldLeaseWhatWasAskedForFromAFullBucketAndStoreItsTime() {
        Map.Entry<String, Long> entry = new AbstractMap.SimpleEntry<>("api/", null);

        LeaseGrant g = lease(entry, 40, 20, 0, 0);

        assertThat(g.granted()).isEqualTo(40);
        assertThat(g.remaining()).isEqualTo(60);
        assertThat(entry.getValue()).isEqualTo(NOW + 40 * MS);
        assertThat(g.fullAt()).isEqualTo(NOW + 40 * MS);
    }

    @Test
    void shouldRefuseALeaseBelowTheMinimumAndLeaveTheBucketAlone() {
        Map.Entry<String, Long> entry = new AbstractMap.SimpleEntry<>("api/", NOW + 90 * MS); // 10 left

        LeaseGrant g = lease(entry, 40, 20, 0, 0);

        assertThat(g.granted()).isZero();
        assertThat(g.retryAt()).isEqualTo(NOW + 10 * MS);
        assertThat(entry.getValue()).isEqualTo(NOW + 90 * MS);
    }

    @Test
    void shouldTakeBackUnusedTokensBeforeLeasingAgain() {
        Map.Entry<String, Long> entry = new AbstractMap.SimpleEntry<>("api/", NOW + 90 * MS); // 10 left

        LeaseGrant g = lease(entry, 40, 20, 0, 15);

        assertThat(g.granted()).isEqualTo(25);
        assertThat(entry.getValue()).isEqualTo(NOW + 100 * MS);
    }

    @Test
    void shouldLeaseTokensDueWithinTheShapingWaitWhenTheBucketIsEmpty() {
        Map.Entry<String, Long> entry = new AbstractMap.SimpleEntry<>("api/", NOW + 100 * MS); // empty

        LeaseGrant g = lease(entry, 40, 20, 25 * MS, 0);

        assertThat(g.granted()).isEqualTo(25);
        assertThat(g.firstDue()).isEqualTo(NOW + MS);
        assertThat(entry.getValue()).isEqualTo(NOW + 125 * MS);
    }

    @Test
    void shouldNotStoreAnythingForANewKeyThatLeasesNothing() {
        Map.Entry<String, Long> entry = new AbstractMap.SimpleEntry<>("api/", null);

        LeaseGrant g = new LeaseProcessor(NOW, INTERVAL, BURST, 0, 0, 0, 0).process(entry);

        assertThat(g.granted()).isZero();
        assertThat(entry.getValue()).isNull();
    }

    private static LeaseGrant lease(Map.Entry<String, Long> entry, long want, long min, long maxDelay, long giveBack) {
        return new LeaseProcessor(NOW, INTERVAL, BURST, want, min, maxDelay, giveBack).process(entry);
    }
}
