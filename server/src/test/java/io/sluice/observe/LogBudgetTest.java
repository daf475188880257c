package io.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogBudgetTest {

    @Test
    void admitsTheWindowsLinesThenCountsWhatItDropsAndReportsItWithTheNextLine() {
        MutableClock clock = new MutableClock();
        LogBudget budget = new LogBudget(2, Duration.ofMinutes(1), clock);
        assertThat(budget.admit()).isZero();
        assertThat(budget.admit()).isZero();
        assertThat(budget.admit()).isEqualTo(-1);
        assertThat(budget.admit()).isEqualTo(-1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(budget.admit()).as("still the same window").isEqualTo(-1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.admit()).as("a new window reports the three dropped lines").isEqualTo(3);
        assertThat(budget.admit()).isZero();
        assertThat(LogBudget.droppedSuffix(3, "failures")).isEqualTo(" (3 earlier failures not logged)");
        assertThat(LogBudget.droppedSuffix(0, "failures")).isEmpty();
    }
}
