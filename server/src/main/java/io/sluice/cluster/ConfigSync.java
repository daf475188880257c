package io.sluice.cluster;

import io.sluice.model.ConfigVersion;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node on the cluster's newest config version. Changes arrive as store events and are
 * applied one at a time on a single thread, newest only: events that arrive while a version is
 * being applied collapse into one pending slot that keeps the newest, so a burst of a hundred
 * changes costs the node one or two applies, not a hundred (each apply rebuilds routes and pools,
 * fsyncs the data folder and writes to the cluster), and a version older than the running one is
 * skipped, so changes are never applied out of order. Every accepted version is
 * written to the node's data folder: the node restarts on it even when no peer is up, and offers
 * it back to the cluster ({@link ConfigStore#seed}) so the newest version any node saw survives a
 * full cluster restart.
 *
 * <p>A version that validated on the writer can still fail here (a trust store file missing on
 * this machine, say): the node keeps running its current version and reports the error, which the
 * node registry shows next to its version.
 */
public final class ConfigSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSync.class);
    private static final String CURRENT = "config/current.json";
    private static final String HISTORY = "config/history";

    /** Applies a version to the running node; throws when this node cannot run it. */
    @FunctionalInterface
    public interface Applier {
        void apply(ConfigVersion version) throws Exception;
    }

    private final String nodeId;
    private final ConfigStore store;
    private final DataDir data;
    private final Applier applier;
    private final ExecutorService applying;
    private final AtomicReference<ConfigVersion> running = new AtomicReference<>();
    /** The newest version offered and not yet taken by the applying thread, or null. */
    private final AtomicReference<ConfigVersion> pending = new AtomicReference<>();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean closing;
    private volatile String lastError;
    private final List<Consumer<ConfigVersion>> appliedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ConfigSync(String nodeId, ConfigStore store, DataDir dataOrNull, Applier applier) {
        this.nodeId = nodeId;
        this.store = store;
        this.data = dataOrNull;
        this.applier = applier;
        this.applying = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("sluice-config-" + nodeId).factory());
    }

    /**
     * Chooses the version this node starts on: the newest of what its data folder holds (or, on the
     * very first start, {@code fromFile}) and what the cluster already runs. Does not apply it: the
     * node is built with it.
     */
    public ConfigVersion bootstrap(ConfigVersion fromFile) {
        ConfigVersion local = fromFile;
        if (data != null) {
            var saved = data.read(CURRENT);
            if (saved.isPresent()) {
                local = Json.read(saved.get(), ConfigVersion.class);
                if (!local.sha256().equals(fromFile.sha256())) {
                    LOG.info("node {}: starting from config version {} in {} (the shared part of the node file only seeds a cluster's first start)",
                            nodeId, local.version(), data.root());
                }
            }
            for (String name : data.list(HISTORY)) {
                data.read(HISTORY + "/" + name).ifPresent(json -> store.remember(Json.read(json, ConfigVersion.class)));
            }
        }
        ConfigVersion chosen = store.seed(local);
        running.set(chosen);
        persist(chosen);
        return chosen;
    }

    /** Starts following the store; catches up once in case a change landed between bootstrap and now. */
    public void start() {
        store.onChange(this::offer);
        store.head().ifPresent(this::offer);
    }

    /**
     * Called on a Hazelcast event thread: only notes the version. A drain task is queued when the
     * slot was empty; when it was not, the task already queued takes this newer version instead.
     */
    private void offer(ConfigVersion v) {
        ConfigVersion before = pending.getAndAccumulate(v, (a, b) -> a == null || b.version() > a.version() ? b : a);
        if (before != null) {
            return;
        }
        try {
            applying.execute(this::applyPending);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // stopping: the next start catches up from the data folder and the cluster
        }
    }

    private void applyPending() {
        ConfigVersion v = pending.getAndSet(null);
        if (v != null && !closing) {
            applyIfNewer(v);
        }
    }

    private void applyIfNewer(ConfigVersion v) {
        ConfigVersion current = running.get();
        if (current != null && v.version() <= current.version()) {
            return;
        }
        try {
            applier.apply(v);
            running.set(v);
            applied.incrementAndGet();
            lastError = null;
            for (Consumer<ConfigVersion> l : appliedListeners) {
                l.accept(v);
            }
            // After the swap, not before: the fsyncs cost more than the swap itself, and until they
            // finish the version is still held by the cluster (and by the node that wrote it).
            persist(v);
            store.remember(v);
            LOG.info("node {} runs config version {} ({} by {})", nodeId, v.version(), v.comment(), v.author());
        } catch (Exception e) {
            if (closing) {
                return; // the node is stopping and closed what the apply needed; the next start catches up
            }
            lastError = "version " + v.version() + ": " + e.getMessage();
            LOG.error("node {} cannot run config version {}; it keeps version {}: {}", nodeId, v.version(),
                    current == null ? 0 : current.version(), e.getMessage());
        }
    }

    private void persist(ConfigVersion v) {
        if (data == null) {
            return;
        }
        String json = Json.write(v);
        data.write(HISTORY + "/" + String.format("v%012d.json", v.version()), json);
        data.write(CURRENT, json);
        List<String> kept = data.list(HISTORY);
        for (int i = 0; i < kept.size() - ConfigStore.KEEP; i++) {
            data.delete(HISTORY + "/" + kept.get(i));
        }
    }

    public ConfigVersion running() {
        return running.get();
    }

    /** How many versions this node has applied since it started (a burst counts once or twice). */
    public long appliedCount() {
        return applied.get();
    }

    /** Why the newest version could not be applied here, or null. */
    public String lastError() {
        return lastError;
    }

    public void onApplied(Consumer<ConfigVersion> listener) {
        appliedListeners.add(listener);
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        applying.shutdown();
        applying.awaitTermination(5, TimeUnit.SECONDS);
    }
}
