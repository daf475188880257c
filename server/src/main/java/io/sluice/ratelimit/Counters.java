package io.sluice.ratelimit;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link LimiterStats}; LongAdders because every request of a policy bumps them. */
final class Counters {

    final LongAdder admitted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder shaped = new LongAdder();
    final LongAdder waitedNanos = new LongAdder();
    final LongAdder remoteCalls = new LongAdder();
    final LongAdder remoteFailures = new LongAdder();
    final LongAdder fallbacks = new LongAdder();

    LimiterStats snapshot(String policyId, String scope, int keys) {
        return new LimiterStats(policyId, scope, admitted.sum(), rejected.sum(), shaped.sum(), waitedNanos.sum(),
                remoteCalls.sum(), remoteFailures.sum(), fallbacks.sum(), keys);
    }
}
