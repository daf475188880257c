package io.sluice.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.cluster.integrity.SignedMap;
import io.sluice.config.ConfigException;
import io.sluice.model.ConfigVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The cluster's versioned shared config. The newest version lives under one key of a map (an IMap
 * in a cluster, a local map on a standalone node); a change is validated first, then written with
 * compare-and-set on the whole previous value ({@code replace(key, old, new)}), so two operators
 * changing at once cannot both win: the second gets a {@link VersionConflictException} naming the
 * version that beat it. Open-source Hazelcast has no CP subsystem, and this needs none: the head
 * entry is owned by one partition, and {@code replace} is atomic there.
 *
 * <p>In a cluster every value is signed by the node that wrote it and used only if it verifies
 * ({@link ClusterIntegrity}). The node remembers the newest version it has verified; when the head
 * is forged, deleted, or older than that (a replayed old head, a merge after a split), the node
 * writes that version back with compare-and-set, and a change is always built on it, so versions
 * only move forward and a rogue write cannot make later changes collide with old version numbers.
 *
 * <p>The last {@value #KEEP} versions are kept in a second map for history and rollback
 * ({@link ConfigHistory}). Each node also writes what it accepted to its data folder (see
 * {@link ConfigSync}), which is what survives a full cluster restart.
 */
public final class ConfigStore implements AutoCloseable {

    public static final int KEEP = ConfigHistory.KEEP;
    public static final String HEAD_MAP = "sluice.config.head";
    public static final String HISTORY_MAP = "sluice.config.history";
    static final String HEAD = "head";
    /** Bounds one change's compare-and-set loop when an unverified writer keeps replacing the head. */
    static final int MAX_ATTEMPTS = 64;
    static final int MAX_BACKOFF_MILLIS = 32;

    private final SignedMap<String, ConfigVersion> head;
    private final ConfigHistory history;
    private final ClusterIntegrity integrity;
    private final Validator validator;
    private final InstantSource clock;
    private final AtomicReference<ConfigVersion> newest = new AtomicReference<>();
    private final List<Consumer<ConfigVersion>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable unsubscribe;

    /** Checks a shared document; throws {@link ConfigException} naming the field when it is invalid. */
    @FunctionalInterface
    public interface Validator {
        void check(String yaml);
    }

    private ConfigStore(SignedMap<String, ConfigVersion> head, ConfigHistory history, ClusterIntegrity integrityOrNull,
                        Validator validator, InstantSource clock, java.util.function.Function<ConfigStore, Runnable> subscribe) {
        this.head = head;
        this.history = history;
        this.integrity = integrityOrNull;
        this.validator = validator;
        this.clock = clock;
        this.unsubscribe = subscribe.apply(this);
    }

    /** The store of a cluster member; values are signed and verified with the member's {@link ClusterIntegrity}. */
    public static ConfigStore hazelcast(HazelcastInstance hz, Validator validator, InstantSource clock) {
        ClusterIntegrity integrity = ClusterIntegrity.of(hz);
        IMap<String, String> headMap = hz.getMap(HEAD_MAP);
        IMap<Long, String> historyMap = hz.getMap(HISTORY_MAP);
        var head = SignedMap.signed(headMap, ConfigVersion.class, integrity, (k, v) -> ConfigHistory.consistency(v));
        var history = new ConfigHistory(SignedMap.signed(historyMap, ConfigVersion.class, integrity, ConfigHistory::fitsKey));
        return new ConfigStore(head, history, integrity, validator, clock, store -> {
            var id = headMap.addEntryListener(new HeadListener(store), HEAD, true);
            var reseal = integrity.onReseal(store::reseal);
            return () -> {
                headMap.removeEntryListener(id);
                closeQuietly(reseal);
            };
        });
    }

    public static ConfigStore local(Validator validator, InstantSource clock) {
        var head = SignedMap.unsigned(HEAD_MAP, new ConcurrentHashMap<String, String>(), ConfigVersion.class,
                (k, v) -> ConfigHistory.consistency(v));
        var history = new ConfigHistory(SignedMap.unsigned(HISTORY_MAP, new ConcurrentHashMap<Long, String>(),
                ConfigVersion.class, ConfigHistory::fitsKey));
        return new ConfigStore(head, history, null, validator, clock, store -> () -> { });
    }

    /**
     * The version the cluster runs: the head if it verifies, else (forged, deleted, replayed older)
     * the newest version this node has verified, which it is about to write back.
     */
    public Optional<ConfigVersion> head() {
        ConfigVersion current = head.read(HEAD).valueOrNull();
        ConfigVersion known = newerKnown(current);
        if (known != null) {
            restoreLater();
            return Optional.of(known);
        }
        return Optional.ofNullable(current);
    }

    /**
     * Notes {@code current} (a verified head, or null) and returns the newer version this node has
     * verified if the head is behind it (forged, deleted or replayed older), else null.
     */
    private ConfigVersion newerKnown(ConfigVersion current) {
        if (current != null) {
            note(current);
        }
        ConfigVersion known = newest.get();
        return known != null && (current == null || current.version() < known.version()) ? known : null;
    }

    /**
     * Validates {@code yaml} and makes it the next version. {@code expectedVersion} (null = any)
     * is the version the author based the change on, as with HTTP If-Match.
     */
    public ConfigVersion propose(String yaml, Long expectedVersion, String author, String comment) {
        validator.check(yaml);
        int lostToVerified = 0;
        int lostToUnverified = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SignedMap.Read<ConfigVersion> r = head.read(HEAD);
            ConfigVersion current = r.valueOrNull();
            ConfigVersion known = newerKnown(current);
            if (known != null) {
                if (r instanceof SignedMap.Invalid<ConfigVersion>) {
                    lostToUnverified++;
                }
                restore(r, known); // then decide on the restored head
                continue;
            }
            long currentVersion = current == null ? 0 : current.version();
            if (expectedVersion != null && expectedVersion != currentVersion) {
                throw new VersionConflictException(expectedVersion, current);
            }
            ConfigVersion next = new ConfigVersion(currentVersion + 1, author, comment, clock.instant().toString(), sha256(yaml), yaml);
            if (head.compareAndSet(HEAD, r.raw(), head.seal(HEAD, next))) {
                note(next);
                remember(next);
                if (!head.isSigned()) {
                    notifyListeners(next);
                }
                return next;
            }
            if (expectedVersion != null) {
                throw new VersionConflictException(expectedVersion, head().orElse(null));
            }
            lostToVerified++;
            backOff(attempt);
        }
        throw new ConfigBusyException(MAX_ATTEMPTS, lostToVerified, lostToUnverified);
    }

    /**
     * After a lost compare-and-set: waits a random 0 to 2^attempt ms (at most
     * {@value #MAX_BACKOFF_MILLIS}), so writers that collided do not collide again in lockstep.
     * On a virtual thread (admin calls) the wait costs no platform thread.
     */
    private static void backOff(int attempt) {
        int ceiling = Math.min(MAX_BACKOFF_MILLIS, 1 << Math.min(attempt, 10));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigBusyException(attempt + 1, attempt + 1, 0);
        }
    }

    /** Makes the text of an earlier version the next version; the earlier version must verify. */
    public ConfigVersion rollback(long version, Long expectedVersion, String author, String comment) {
        ConfigVersion old = history.forRollback(version);
        String why = "rollback to version " + version + (comment == null || comment.isBlank() ? "" : ": " + comment);
        return propose(old.yaml(), expectedVersion, author, why);
    }

    /**
     * Offers a version this node already ran (from its data folder, or its file on first start) to
     * the cluster: it becomes the head if the cluster has none or an older one, so a full restart
     * comes back on the newest version any node saw. Returns the version the node should run.
     */
    public ConfigVersion seed(ConfigVersion known) {
        note(known);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SignedMap.Read<ConfigVersion> r = head.read(HEAD);
            ConfigVersion current = r.valueOrNull();
            if (current != null && current.version() >= newest.get().version()) {
                note(current);
                remember(current);
                return current;
            }
            ConfigVersion best = newest.get();
            if (head.compareAndSet(HEAD, r.raw(), head.seal(HEAD, best))) {
                remember(best);
                return best;
            }
        }
        throw new IllegalStateException("the config head changed " + MAX_ATTEMPTS + " times while node seeded it");
    }

    /** Adds a version to the history (idempotent; replaces a forged entry) and drops what falls out of the last {@value #KEEP}. */
    public void remember(ConfigVersion v) {
        history.remember(v);
    }

    public Optional<ConfigVersion> version(long version) {
        return history.version(version);
    }

    /** The kept versions that verify, newest first. */
    public List<ConfigVersion> history() {
        return history.window(head().map(ConfigVersion::version).orElse(0L));
    }

    /** Called with every new head that verifies, on a Hazelcast event thread in a cluster: keep it short. */
    public void onChange(Consumer<ConfigVersion> listener) {
        listeners.add(listener);
    }

    /**
     * Re-signs the head and the kept history with this node's key where they are signed by a
     * certificate that ranks below it (see {@link ClusterIntegrity#reseal()}); returns how many.
     */
    public int reseal() {
        int n = 0;
        if (head.read(HEAD) instanceof SignedMap.Valid<ConfigVersion> v && head.shouldReseal(v)
                && head.compareAndSet(HEAD, v.raw(), head.reseal(HEAD, v))) {
            n++;
        }
        return n + history.reseal(head().map(ConfigVersion::version).orElse(0L));
    }

    private void notifyListeners(ConfigVersion v) {
        for (Consumer<ConfigVersion> l : listeners) {
            l.accept(v);
        }
    }

    /** Keeps the newest verified version; of two with the same number the first one seen stays. */
    private void note(ConfigVersion v) {
        newest.accumulateAndGet(v, (a, b) -> a == null || b.version() > a.version() ? b : a);
    }

    private void restoreLater() {
        if (integrity != null) {
            integrity.healLater(HEAD_MAP, this::restoreHead);
        }
    }

    /** Writes the newest verified version back if the head is forged, missing or older. */
    private void restoreHead() {
        ConfigVersion known = newest.get();
        if (known == null) {
            return;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SignedMap.Read<ConfigVersion> r = head.read(HEAD);
            ConfigVersion current = r.valueOrNull();
            if (current != null && current.version() >= known.version()) {
                note(current);
                return;
            }
            if (restore(r, known)) {
                return;
            }
        }
    }

    private boolean restore(SignedMap.Read<ConfigVersion> over, ConfigVersion known) {
        if (!head.compareAndSet(HEAD, over.raw(), head.seal(HEAD, known))) {
            return false;
        }
        if (integrity != null) {
            String what = switch (over) {
                case SignedMap.Absent<ConfigVersion> a -> "a deleted head";
                case SignedMap.Invalid<ConfigVersion> i -> "an unverified head (" + i.reason() + ")";
                case SignedMap.Valid<ConfigVersion> v -> "an older head, version " + v.value().version();
            };
            integrity.countRestored(HEAD_MAP, HEAD + " = version " + known.version(), what);
        }
        return true;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // removing a list entry does not fail
        }
    }

    private static String source(EntryEvent<?, ?> event) {
        return event.getMember() == null ? null : "member " + event.getMember().getAddress();
    }

    /** Verifies every head the cluster announces; applies what verifies, restores what does not. */
    private record HeadListener(ConfigStore store) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryMergedListener<String, String>, EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            changed(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            changed(event);
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            changed(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            store.restoreLater();
        }

        private void changed(EntryEvent<String, String> event) {
            var r = store.head.check(HEAD, event.getValue(), source(event));
            ConfigVersion v = r.valueOrNull();
            if (v != null) {
                store.note(v);
                store.notifyListeners(v);
            }
            ConfigVersion known = store.newest.get();
            if (v == null || (known != null && v.version() < known.version())) {
                store.restoreLater();
            }
        }
    }
}
