package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a node accepts from whichever member answered its lease request: a rogue partition owner
 * cannot hand out more tokens than were asked for, make them due before a full bucket allows, or
 * keep a key refused for longer than the arithmetic allows; legit answers pass unchanged.
 */
class LeaseGrantBoundsTest {

    private static final long MS = 1_000_000L;
    private static final long NOW = 5_000_000 * MS;
    private static final long INTERVAL = MS;
    private static final long BURST = 100;

    @Test
    void shouldNeverAcceptMoreTokensThanAskedFor() {
        LeaseProcessor ask = new LeaseProcessor(NOW, INTERVAL, BURST, 40, 20, 0, 0);

        LeaseGrant g = ask.accept(new LeaseGrant(1_000_000, NOW, 0, Long.MAX_VALUE, Long.MAX_VALUE));

        assertThat(g.granted()).isEqualTo(40);
        assertThat(g.remaining()).isEqualTo(BURST);
        assertThat(g.fullAt()).isEqualTo(NOW + BURST * INTERVAL);
        assertThat(ask.accept(new LeaseGrant(-5, NOW, 0, -1, -1)).granted()).isZero();
    }

    @Test
    void shouldBoundDueAndRetryTimes() {
        LeaseProcessor ask = new LeaseProcessor(NOW, INTERVAL, BURST, 40, 20, 25 * MS, 0);

        LeaseGrant early = ask.accept(new LeaseGrant(40, 0, 0, 0, 0));
        LeaseGrant late = ask.accept(new LeaseGrant(40, Long.MAX_VALUE, 0, 0, 0));
        LeaseGrant refused = ask.accept(new LeaseGrant(0, 0, Long.MAX_VALUE, 0, 0));

        assertThat(early.firstDue()).as("no earlier than a full bucket").isEqualTo(NOW + INTERVAL - BURST * INTERVAL);
        assertThat(late.firstDue()).as("no later than the shaping wait").isEqualTo(NOW + 25 * MS);
        assertThat(refused.retryAt()).as("the key is not refused for ever").isEqualTo(NOW + 40 * INTERVAL);
    }

    @Test
    void shouldPassLegitAnswersUnchanged() {
        long[][] cases = { // stored tat (0 = none), want, min, maxDelay, giveBack
            {0, 40, 20, 0, 0}, {NOW + 90 * MS, 40, 20, 0, 0}, {NOW + 90 * MS, 40, 20, 0, 15},
            {NOW + 100 * MS, 40, 20, 25 * MS, 0}, {NOW - 5 * MS, 1, 1, 0, 0}, {NOW + 100 * MS, 1, 1, 0, 0},
        };
        for (long[] c : cases) {
            LeaseProcessor ask = new LeaseProcessor(NOW, INTERVAL, BURST, c[1], c[2], c[3], c[4]);
            Map.Entry<String, Long> entry = new AbstractMap.SimpleEntry<>("api/", c[0] == 0 ? null : c[0]);
            LeaseGrant legit = ask.process(entry);
            assertThat(ask.accept(legit)).as("case tat=%d want=%d", c[0], c[1]).isEqualTo(legit);
        }
    }
}
