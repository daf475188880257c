package io.sluice.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A test clock that stands still until a test moves it forward (copy of the upstream tests' one). */
final class MutableClock implements InstantSource {

    private volatile Instant now;

    MutableClock(Instant start) {
        this.now = start;
    }

    static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
