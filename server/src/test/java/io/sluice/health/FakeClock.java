package io.sluice.health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A test clock that stands still until a test moves it forward. */
final class FakeClock implements InstantSource {

    private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
