package io.sluice.breaker;

import io.sluice.cluster.DataDir;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one node knows of the overrides: the newest per breaker, the listeners to tell when that
 * changes, and the data-folder copy. Both stores keep theirs here; they differ only in where news
 * comes from.
 */
final class OverrideLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OverrideLedger.class);

    private final Map<String, BreakerOverride> known = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<BreakerOverride>> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock changing = new ReentrantLock();
    private final OverrideFile file;

    /** Starts with what the data folder holds ({@code dataDir} null: memory only). */
    OverrideLedger(DataDir dataDir) {
        this.file = dataDir == null ? null : new OverrideFile(dataDir, known::values);
        if (file != null) {
            for (BreakerOverride o : file.load()) {
                known.merge(o.breaker(), o, (a, b) -> b.isNewerThan(a) ? b : a);
            }
        }
    }

    /**
     * Keeps {@code o} if it is the newest for its breaker, then saves and tells the listeners; true if
     * kept. One change at a time, listeners included: when this returns, whichever thread learned of
     * the override first has finished applying it, so a node that writes an override obeys it before
     * {@code put} returns, and listeners see each breaker's overrides in order.
     */
    boolean offer(BreakerOverride o) {
        changing.lock();
        try {
            BreakerOverride current = known.get(o.breaker());
            if (!o.isNewerThan(current)) {
                return false;
            }
            known.put(o.breaker(), o);
            save();
            for (Consumer<BreakerOverride> l : listeners) {
                try {
                    l.accept(o);
                } catch (RuntimeException e) {
                    LOG.error("breaker override listener failed on {}", o, e);
                }
            }
            return true;
        } finally {
            changing.unlock();
        }
    }

    long sequenceOf(String breaker) {
        BreakerOverride o = known.get(breaker);
        return o == null ? 0 : o.sequence();
    }

    Map<String, BreakerOverride> all() {
        return Map.copyOf(known);
    }

    AutoCloseable listen(Consumer<BreakerOverride> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    void save() {
        if (file != null) {
            file.save();
        }
    }

    @Override
    public void close() {
        listeners.clear();
        if (file != null) {
            file.close();
        }
    }
}
