package io.sluice.ratelimit;

import java.time.Duration;

/** Parks the calling thread while a shaped request waits for its token; tests pass one that only moves a clock. */
@FunctionalInterface
interface Parker {

    Parker SLEEP = nanos -> Thread.sleep(Duration.ofNanos(nanos));

    void park(long nanos) throws InterruptedException;
}
