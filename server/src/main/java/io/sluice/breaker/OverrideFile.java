package io.sluice.breaker;

import io.sluice.cluster.Json;

import io.sluice.cluster.DataDir;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overrides a node knows, in its data folder ({@value #NAME}). Writes happen on a writer thread
 * of their own and coalesce, so a burst of changes costs one fsync, and the Hazelcast event thread
 * that delivered a change never waits for the disk. A change is on disk a few milliseconds after the
 * node learned it; {@link #close()} writes whatever is still pending.
 */
final class OverrideFile implements AutoCloseable {

    static final String NAME = "breaker-overrides.json";
    private static final Logger LOG = LoggerFactory.getLogger(OverrideFile.class);

    private final DataDir dir;
    private final Supplier<? extends java.util.Collection<BreakerOverride>> source;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("breaker-overrides-writer").factory());
    private final AtomicBoolean pending = new AtomicBoolean();

    /** The file's layout; {@code format} lets a later version read old files. */
    record Content(int format, List<BreakerOverride> overrides) {
    }

    OverrideFile(DataDir dir, Supplier<? extends java.util.Collection<BreakerOverride>> source) {
        this.dir = dir;
        this.source = source;
    }

    /** What the file holds; an unreadable file is reported and treated as empty, since the cluster may still have it all. */
    List<BreakerOverride> load() {
        return dir.read(NAME).map(json -> {
            try {
                Content c = Json.read(json, Content.class);
                return c.overrides() == null ? List.<BreakerOverride>of() : c.overrides();
            } catch (IllegalArgumentException e) {
                LOG.error("ignoring unreadable {} in {}: {}", NAME, dir.root(), e.getMessage());
                return List.<BreakerOverride>of();
            }
        }).orElse(List.of());
    }

    /** Asks for the current set to be written soon. */
    void save() {
        if (pending.compareAndSet(false, true)) {
            try {
                writer.execute(this::writeNow);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                pending.set(false);
            }
        }
    }

    private void writeNow() {
        pending.set(false);
        try {
            List<BreakerOverride> sorted = source.get().stream().sorted(Comparator.comparing(BreakerOverride::breaker)).toList();
            dir.write(NAME, Json.writePretty(new Content(1, sorted)));
        } catch (RuntimeException e) {
            LOG.error("cannot write breaker overrides to {}", dir.root(), e);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeNow();
    }
}
