package io.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.sluice.config.ConfigException;
import io.sluice.model.ConfigVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The cluster's versioned shared config. The newest version lives under one key of a map (an IMap
 * in a cluster, a local map on a standalone node); a change is validated first, then written with
 * compare-and-set on the whole previous value ({@code replace(key, old, new)}), so two operators
 * changing at once cannot both win: the second gets a {@link VersionConflictException} naming the
 * version that beat it. Open-source Hazelcast has no CP subsystem, and this needs none: the head
 * entry is owned by one partition, and {@code replace} is atomic there.
 *
 * <p>The last {@value #KEEP} versions are kept in a second map for history and rollback. Each node
 * also writes what it accepted to its data folder (see {@link ConfigSync}), which is what survives
 * a full cluster restart.
 */
public final class ConfigStore implements AutoCloseable {

    public static final int KEEP = 50;
    static final String HEAD = "head";

    private final ConcurrentMap<String, String> head;
    private final ConcurrentMap<Long, String> history;
    private final boolean distributed;
    private final Validator validator;
    private final InstantSource clock;
    private final List<Consumer<ConfigVersion>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable unsubscribe;

    /** Checks a shared document; throws {@link ConfigException} naming the field when it is invalid. */
    @FunctionalInterface
    public interface Validator {
        void check(String yaml);
    }

    private ConfigStore(ConcurrentMap<String, String> head, ConcurrentMap<Long, String> history, boolean distributed,
                        Validator validator, InstantSource clock, java.util.function.Function<ConfigStore, Runnable> subscribe) {
        this.head = head;
        this.history = history;
        this.distributed = distributed;
        this.validator = validator;
        this.clock = clock;
        this.unsubscribe = subscribe.apply(this);
    }

    public static ConfigStore hazelcast(HazelcastInstance hz, Validator validator, InstantSource clock) {
        IMap<String, String> head = hz.getMap("sluice.config.head");
        IMap<Long, String> history = hz.getMap("sluice.config.history");
        return new ConfigStore(head, history, true, validator, clock, store -> {
            var id = head.addEntryListener(new HeadListener(store), HEAD, true);
            return () -> head.removeEntryListener(id);
        });
    }

    public static ConfigStore local(Validator validator, InstantSource clock) {
        return new ConfigStore(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), false, validator, clock, store -> () -> { });
    }

    public Optional<ConfigVersion> head() {
        String json = head.get(HEAD);
        return json == null ? Optional.empty() : Optional.of(Json.read(json, ConfigVersion.class));
    }

    /**
     * Validates {@code yaml} and makes it the next version. {@code expectedVersion} (null = any)
     * is the version the author based the change on, as with HTTP If-Match.
     */
    public ConfigVersion propose(String yaml, Long expectedVersion, String author, String comment) {
        validator.check(yaml);
        while (true) {
            String currentJson = head.get(HEAD);
            ConfigVersion current = currentJson == null ? null : Json.read(currentJson, ConfigVersion.class);
            long currentVersion = current == null ? 0 : current.version();
            if (expectedVersion != null && expectedVersion != currentVersion) {
                throw new VersionConflictException(expectedVersion, current);
            }
            ConfigVersion next = new ConfigVersion(currentVersion + 1, author, comment, clock.instant().toString(), sha256(yaml), yaml);
            String nextJson = Json.write(next);
            boolean won = currentJson == null ? head.putIfAbsent(HEAD, nextJson) == null : head.replace(HEAD, currentJson, nextJson);
            if (won) {
                remember(next);
                if (!distributed) {
                    notifyListeners(next);
                }
                return next;
            }
            if (expectedVersion != null) {
                throw new VersionConflictException(expectedVersion, head().orElse(null));
            }
        }
    }

    /** Makes the text of an earlier version the next version. */
    public ConfigVersion rollback(long version, Long expectedVersion, String author, String comment) {
        String json = history.get(version);
        if (json == null) {
            throw new ConfigException("version", "version " + version + " is not in the history (the last " + KEEP + " are kept)");
        }
        ConfigVersion old = Json.read(json, ConfigVersion.class);
        String why = "rollback to version " + version + (comment == null || comment.isBlank() ? "" : ": " + comment);
        return propose(old.yaml(), expectedVersion, author, why);
    }

    /**
     * Offers a version this node already ran (from its data folder, or its file on first start) to
     * the cluster: it becomes the head if the cluster has none or an older one, so a full restart
     * comes back on the newest version any node saw. Returns the version the node should run.
     */
    public ConfigVersion seed(ConfigVersion known) {
        while (true) {
            String currentJson = head.get(HEAD);
            if (currentJson == null) {
                if (head.putIfAbsent(HEAD, Json.write(known)) == null) {
                    remember(known);
                    return known;
                }
                continue;
            }
            ConfigVersion current = Json.read(currentJson, ConfigVersion.class);
            if (current.version() >= known.version()) {
                remember(current);
                return current;
            }
            if (head.replace(HEAD, currentJson, Json.write(known))) {
                remember(known);
                return known;
            }
        }
    }

    /** Adds a version to the history (idempotent) and drops what falls out of the last {@value #KEEP}. */
    public void remember(ConfigVersion v) {
        history.putIfAbsent(v.version(), Json.write(v));
        // Versions have no gaps and every one passes through here, so dropping the one that falls
        // out of the window keeps the window; a full key scan would be a cluster-wide call per change.
        history.remove(v.version() - KEEP);
    }

    public Optional<ConfigVersion> version(long version) {
        String json = history.get(version);
        return json == null ? Optional.empty() : Optional.of(Json.read(json, ConfigVersion.class));
    }

    /** The kept versions, newest first. */
    public List<ConfigVersion> history() {
        List<ConfigVersion> out = new ArrayList<>();
        for (String json : history.values()) {
            out.add(Json.read(json, ConfigVersion.class));
        }
        out.sort(Comparator.comparingLong(ConfigVersion::version).reversed());
        return out.size() > KEEP ? out.subList(0, KEEP) : out;
    }

    /** Called with every new head, on a Hazelcast event thread in a cluster: keep it short. */
    public void onChange(Consumer<ConfigVersion> listener) {
        listeners.add(listener);
    }

    private void notifyListeners(ConfigVersion v) {
        for (Consumer<ConfigVersion> l : listeners) {
            l.accept(v);
        }
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

    private record HeadListener(ConfigStore store) implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, String> event) {
            store.notifyListeners(Json.read(event.getValue(), ConfigVersion.class));
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> event) {
            store.notifyListeners(Json.read(event.getValue(), ConfigVersion.class));
        }
    }
}
