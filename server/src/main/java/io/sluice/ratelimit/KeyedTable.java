package io.sluice.ratelimit;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Per-client-key state of one policy, bounded in memory: clients come and go (and an attacker can
 * invent keys), so state untouched for a while and holding nothing that matters is dropped, and
 * past a hard cap the least recently used keys go even if they still hold something.
 *
 * <p>There is no sweeper thread: the first request after each sweep interval sweeps, on its own
 * thread. Dropping a key that still held state errs on the client's side (a local bucket restarts
 * full; a cluster key's unused lease is lost, which admits less, never more).
 */
final class KeyedTable<V> {

    private final Map<String, Held<V>> entries = new ConcurrentHashMap<>();
    private final Function<String, V> factory;
    private final BiPredicate<V, Long> droppable;
    private final long idleNanos;
    private final int maxKeys;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
    private final ReentrantLock evicting = new ReentrantLock();

    /** @param droppable whether the value holds nothing worth keeping at the given time (epoch nanos) */
    KeyedTable(Function<String, V> factory, BiPredicate<V, Long> droppable, long idleNanos, int maxKeys) {
        this.factory = factory;
        this.droppable = droppable;
        this.idleNanos = idleNanos;
        this.maxKeys = maxKeys;
    }

    V get(String key, long now) {
        sweepIfDue(now);
        Held<V> held = entries.get(key);
        if (held == null) {
            if (entries.size() >= maxKeys) {
                evictOldest();
            }
            held = entries.computeIfAbsent(key, k -> new Held<>(factory.apply(k)));
        }
        held.lastUsed = now;
        return held.value;
    }

    int size() {
        return entries.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + Math.max(1, idleNanos / 2))) {
            return;
        }
        entries.entrySet().removeIf(e -> now - e.getValue().lastUsed > idleNanos && droppable.test(e.getValue().value, now));
    }

    /** Keeps nine tenths of the cap, so a flood of new keys pays for a sort once per many inserts. */
    private void evictOldest() {
        if (!evicting.tryLock()) {
            return;
        }
        try {
            int excess = entries.size() - maxKeys * 9 / 10;
            if (excess <= 0) {
                return;
            }
            entries.entrySet().stream()
                    .map(e -> new Used(e.getKey(), e.getValue().lastUsed))
                    .sorted(Comparator.comparingLong(Used::at))
                    .limit(excess)
                    .forEach(u -> entries.remove(u.key()));
        } finally {
            evicting.unlock();
        }
    }

    /** A key's last use, read once so the sort sees values that do not change under it. */
    private record Used(String key, long at) {
    }

    private static final class Held<V> {
        final V value;
        volatile long lastUsed;

        Held(V value) {
            this.value = value;
        }
    }
}
