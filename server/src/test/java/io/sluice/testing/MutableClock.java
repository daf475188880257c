package io.sluice.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fake clock of every time-dependent unit test: it stands still until the test advances it,
 * so breaker windows, ejection times, token refills and retry budgets are tested without sleeping.
 * Safe to read from several threads while a test advances it.
 */
public final class MutableClock implements InstantSource {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public MutableClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    public void advance(Duration by) {
        now.accumulateAndGet(Instant.EPOCH, (current, ignored) -> current.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
