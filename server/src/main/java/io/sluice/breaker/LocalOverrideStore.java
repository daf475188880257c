package io.sluice.breaker;

import io.sluice.cluster.DataDir;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** Overrides of a standalone node: in memory, and in its data folder when it has one (null: none). */
public final class LocalOverrideStore implements OverrideStore {

    private final OverrideLedger ledger;
    private final ReentrantLock sequencing = new ReentrantLock();

    public LocalOverrideStore(DataDir dataDirOrNull) {
        this.ledger = new OverrideLedger(dataDirOrNull);
    }

    @Override
    public BreakerOverride put(BreakerOverride o) {
        sequencing.lock();
        try {
            BreakerOverride stored = o.withSequence(ledger.sequenceOf(o.breaker()) + 1);
            ledger.offer(stored);
            return stored;
        } finally {
            sequencing.unlock();
        }
    }

    @Override
    public Map<String, BreakerOverride> all() {
        return ledger.all();
    }

    @Override
    public AutoCloseable listen(Consumer<BreakerOverride> onChange) {
        return ledger.listen(onChange);
    }

    @Override
    public void close() {
        ledger.close();
    }
}
