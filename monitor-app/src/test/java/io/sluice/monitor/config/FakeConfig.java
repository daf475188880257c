package io.sluice.monitor.config;

import io.sluice.model.ConfigVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The cluster's config in memory, counting what the view model asked and refusing when told to. */
final class FakeConfig implements ConfigAdmin {

    final List<ConfigVersion> versions = new CopyOnWriteArrayList<>();
    final List<String> rollbacks = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger versionReads = new AtomicInteger();
    volatile RuntimeException refuseRollback;
    volatile RuntimeException refuseReads;

    FakeConfig(int count) {
        for (int i = 1; i <= count; i++) {
            add("ops", "change " + i, "rate: " + (i * 100) + "\n");
        }
    }

    ConfigVersion add(String author, String comment, String yaml) {
        long v = versions.size() + 1;
        ConfigVersion next = new ConfigVersion(v, author, comment, "2026-01-0" + Math.min(v, 9) + "T10:00:00.123456Z",
                ("%064x").formatted(v * 0xabcdefL), yaml);
        versions.add(next);
        return next;
    }

    @Override
    public ConfigVersion current() {
        reads.incrementAndGet();
        if (refuseReads != null) {
            throw refuseReads;
        }
        return versions.getLast();
    }

    @Override
    public List<ConfigVersion> history() {
        List<ConfigVersion> out = new ArrayList<>();
        versions.forEach(v -> out.add(v.summary()));
        return out;
    }

    @Override
    public ConfigVersion version(long version) {
        versionReads.incrementAndGet();
        return versions.get((int) version - 1);
    }

    @Override
    public ConfigVersion rollback(long version, String comment) {
        if (refuseRollback != null) {
            throw refuseRollback;
        }
        rollbacks.add(version + ":" + comment);
        return add("dana", "rollback to version " + version + ": " + comment, versions.get((int) version - 1).yaml()).summary();
    }
}
