package io.sluice.config;

/**
 * Retries of idempotent requests without a body: on connect failures, on a connection that broke
 * before any byte of the answer arrived, and on 502/503 answers.
 * The budget caps retries at {@code budgetPercent} of recent requests (plus
 * {@code minRetriesPerSecond}) so that retries cannot multiply load on a struggling upstream.
 */
public record RetryConfig(Integer attempts, Integer budgetPercent, Integer minRetriesPerSecond) {

    public static final RetryConfig DEFAULTS = new RetryConfig(null, null, null);

    public RetryConfig {
        attempts = Checks.range("attempts", attempts, 2, 1, 10);
        budgetPercent = Checks.range("budgetPercent", budgetPercent, 20, 0, 100);
        minRetriesPerSecond = Checks.range("minRetriesPerSecond", minRetriesPerSecond, 10, 0, 100_000);
    }
}
