package io.sluice.upstream;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    /** Starts on a whole ten-second boundary so bucket indexes are easy to follow. */
    private final MutableClock clock = MutableClock.at(Instant.parse("2025-01-01T00:00:00Z"));

    private static void requests(RetryBudget budget, int n) {
        for (int i = 0; i < n; i++) {
            budget.onRequest();
        }
    }

    /** Takes retries until the budget refuses (or a safety cap), answering how many were granted. */
    private static int drain(RetryBudget budget) {
        int granted = 0;
        while (granted < 10_000 && budget.tryRetry()) {
            granted++;
        }
        return granted;
    }

    @Test
    void shouldRefuseRetryWhenThereAreNoRequestsAndNoMinimum() {
        RetryBudget budget = new RetryBudget(clock, 20, 0);

        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void shouldGrantPercentOfRequestsWhenMinimumIsZero() {
        RetryBudget budget = new RetryBudget(clock, 20, 0);
        requests(budget, 100);

        assertThat(drain(budget)).isEqualTo(20);
    }

    @Test
    void shouldRoundPercentDownWhenItIsNotWhole() {
        RetryBudget budget = new RetryBudget(clock, 20, 0);
        requests(budget, 9);

        assertThat(drain(budget)).isEqualTo(1);
    }

    @Test
    void shouldGrantMinimumPerSecondTimesTenSecondWindowWhenThereAreNoRequests() {
        RetryBudget budget = new RetryBudget(clock, 20, 3);

        assertThat(drain(budget)).isEqualTo(30);
    }

    @Test
    void shouldAddPercentAndMinimumWhenBothApply() {
        RetryBudget budget = new RetryBudget(clock, 10, 1);
        requests(budget, 50);

        assertThat(drain(budget)).isEqualTo(5 + 10);
    }

    @Test
    void shouldCountRequestsFromEarlierSecondsWhenTheyAreInsideTheWindow() {
        RetryBudget budget = new RetryBudget(clock, 50, 0);
        requests(budget, 4);
        clock.advance(Duration.ofSeconds(3));
        requests(budget, 6);

        assertThat(drain(budget)).isEqualTo(5);
    }

    @Test
    void shouldCountRetriesFromEarlierSecondsWhenTheyAreInsideTheWindow() {
        RetryBudget budget = new RetryBudget(clock, 50, 0);
        requests(budget, 10);
        assertThat(drain(budget)).isEqualTo(5);
        clock.advance(Duration.ofSeconds(4));

        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void shouldStillCountRequestsWhenTheyAreJustUnderTenSecondsOld() {
        RetryBudget budget = new RetryBudget(clock, 50, 0);
        requests(budget, 10);
        clock.advance(Duration.ofMillis(9_999));

        assertThat(drain(budget)).isEqualTo(5);
    }

    @Test
    void shouldForgetRequestsWhenTheyAreTenSecondsOld() {
        RetryBudget budget = new RetryBudget(clock, 50, 0);
        requests(budget, 10);
        clock.advance(Duration.ofSeconds(10));

        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void shouldKeepBudgetSpentWhenRetriesAreJustUnderTenSecondsOld() {
        RetryBudget budget = new RetryBudget(clock, 0, 1);
        assertThat(drain(budget)).isEqualTo(10);
        clock.advance(Duration.ofMillis(9_999));

        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void shouldRefillBudgetWhenSpentRetriesAreTenSecondsOld() {
        RetryBudget budget = new RetryBudget(clock, 0, 1);
        assertThat(drain(budget)).isEqualTo(10);
        clock.advance(Duration.ofSeconds(10));

        assertThat(drain(budget)).isEqualTo(10);
    }

    @Test
    void shouldForgetOnlyExpiredSecondsWhenWindowSlides() {
        RetryBudget budget = new RetryBudget(clock, 50, 0);
        requests(budget, 10);
        clock.advance(Duration.ofSeconds(5));
        requests(budget, 4);
        clock.advance(Duration.ofSeconds(5));

        // the 10 requests at t=0 have left the window, the 4 at t=5s have not
        assertThat(drain(budget)).isEqualTo(2);
    }
}
