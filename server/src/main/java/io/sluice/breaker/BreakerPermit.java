package io.sluice.breaker;

import java.util.concurrent.atomic.AtomicBoolean;

/** A permit of one {@link Breaker}; {@code round} is the half-open round it was a probe of, or -1. */
final class BreakerPermit implements Permit {

    private final Breaker breaker;
    private final int round;
    private final AtomicBoolean ended = new AtomicBoolean();

    BreakerPermit(Breaker breaker, int round) {
        this.breaker = breaker;
        this.round = round;
    }

    @Override
    public void onSuccess(long durationNanos) {
        if (ended.compareAndSet(false, true)) {
            breaker.succeeded(durationNanos);
        }
    }

    @Override
    public void onFailure(long durationNanos) {
        if (ended.compareAndSet(false, true)) {
            breaker.failed(durationNanos);
        }
    }

    @Override
    public void release() {
        if (ended.compareAndSet(false, true)) {
            breaker.released(round);
        }
    }
}
