package io.sluice.breaker;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where operator overrides live: shared by every node of a cluster ({@link HazelcastOverrideStore})
 * or kept by a standalone node ({@link LocalOverrideStore}); either way also in the node's data
 * folder so that a restart keeps them. Per breaker, the newest override wins
 * ({@link BreakerOverride#ORDER}).
 */
public interface OverrideStore extends AutoCloseable {

    /**
     * Records an operator action and returns it as stored, with the sequence the store gave it
     * (whatever sequence {@code o} carried is replaced). It supersedes every override this store
     * knows for the breaker, and this node's listeners have applied it when this returns.
     */
    BreakerOverride put(BreakerOverride o);

    /** The newest override of every breaker that has one, by breaker name. */
    Map<String, BreakerOverride> all();

    /**
     * Calls {@code onChange} whenever the store learns of an override newer than the one it had, one
     * change at a time, on the thread that learned it (a Hazelcast event thread, or the caller of
     * {@code put}): keep it short and do not wait on the cluster there. A listener should still keep
     * the newest it has seen ({@link BreakerOverride#isNewerThan}): another store or a restore may
     * hand it the same override again.
     */
    AutoCloseable listen(Consumer<BreakerOverride> onChange);

    @Override
    void close();
}
