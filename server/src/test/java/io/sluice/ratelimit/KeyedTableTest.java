package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedTableTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicInteger created = new AtomicInteger();

    @Test
    void shouldReturnTheSameStateForTheSameKey() {
        KeyedTable<Integer> table = new KeyedTable<>(k -> created.incrementAndGet(), (v, now) -> true, 5 * SECOND, 100);

        assertThat(table.get("a", 0)).isEqualTo(table.get("a", 1));
        assertThat(created).hasValue(1);
    }

    @Test
    void shouldDropIdleStateThatHoldsNothingWhenTheNextSweepComes() {
        KeyedTable<Integer> table = new KeyedTable<>(k -> created.incrementAndGet(), (v, now) -> true, 5 * SECOND, 100);
        table.get("idle", 0);
        table.get("busy", 0);

        table.get("busy", 4 * SECOND);
        table.get("busy", 7 * SECOND);

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get("idle", 7 * SECOND)).as("recreated").isEqualTo(3);
    }

    @Test
    void shouldKeepIdleStateThatStillHoldsSomething() {
        KeyedTable<Integer> table = new KeyedTable<>(k -> created.incrementAndGet(), (v, now) -> false, 5 * SECOND, 100);
        table.get("holding", 0);

        table.get("other", 60 * SECOND);

        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedKeysWhenTheCapIsReached() {
        KeyedTable<Integer> table = new KeyedTable<>(k -> created.incrementAndGet(), (v, now) -> false, 5 * SECOND, 10);
        for (int i = 0; i < 10; i++) {
            table.get("k" + i, i);
        }

        table.get("new", 100);

        assertThat(table.size()).isEqualTo(10);
        table.get("k9", 101);
        table.get("k0", 102);
        assertThat(created).as("k9 survived, k0 was evicted and recreated").hasValue(12);
    }
}
