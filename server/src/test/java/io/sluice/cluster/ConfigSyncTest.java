package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.ConfigVersion;
import io.sluice.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One node following a (local) config store: how bursts of versions are applied. */
class ConfigSyncTest {

    @TempDir
    Path dir;

    private final ConfigStore store = ConfigStore.local(yaml -> { }, new MutableClock());
    private final List<Long> appliedVersions = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstApplyStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private ConfigSync blockingOnFirstApply() {
        return new ConfigSync("node-1", store, new DataDir(dir), v -> {
            firstApplyStarted.countDown();
            release.await(10, TimeUnit.SECONDS);
            appliedVersions.add(v.version());
        });
    }

    private static ConfigVersion seed() {
        String yaml = "routes: []\n";
        return new ConfigVersion(1, "file", "seed", "2025-01-01T00:00:00Z", ConfigStore.sha256(yaml), yaml);
    }

    private void propose(int n) {
        for (int i = 0; i < n; i++) {
            store.propose("routes: [] # change " + i + "\n", null, "test", "change " + i);
        }
    }

    @Test
    void aBurstOfVersionsIsAppliedAsTheFirstAndThenOnlyTheNewest() throws Exception {
        try (ConfigSync sync = blockingOnFirstApply()) {
            sync.bootstrap(seed());
            sync.start();
            propose(1);
            assertThat(firstApplyStarted.await(5, TimeUnit.SECONDS)).isTrue();
            propose(99); // versions 3..101 arrive while version 2 is being applied
            release.countDown();
            awaitRunning(sync, 101);

            assertThat(appliedVersions).containsExactly(2L, 101L);
            assertThat(sync.appliedCount()).isEqualTo(2);
            assertThat(sync.lastError()).isNull();
        } // close() waits for the apply thread, which writes the data folder after the swap
        assertThat(new DataDir(dir).read("config/current.json").map(json -> Json.read(json, ConfigVersion.class).version()))
                .contains(101L);
    }

    @Test
    void versionsStillPendingWhenTheNodeStopsAreNeitherAppliedNorReportedAsErrors() throws Exception {
        ConfigSync sync = blockingOnFirstApply();
        sync.bootstrap(seed());
        sync.start();
        propose(1);
        assertThat(firstApplyStarted.await(5, TimeUnit.SECONDS)).isTrue();
        propose(5);
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                sync.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(50); // let close() mark the sync as closing before the blocked apply goes on
        release.countDown();
        closer.join(Duration.ofSeconds(10));

        assertThat(appliedVersions).containsExactly(2L);
        assertThat(sync.running().version()).isEqualTo(2);
        assertThat(sync.lastError()).isNull();
    }

    @Test
    void aVersionTheNodeCannotRunIsReportedAndTheRunningOneStays() throws Exception {
        try (ConfigSync sync = new ConfigSync("node-1", store, null, v -> {
            if (v.yaml().contains("bad")) {
                throw new IllegalStateException("trust store missing on this machine");
            }
        })) {
            sync.bootstrap(seed());
            sync.start();
            store.propose("routes: [] # bad\n", null, "test", "bad");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sync.lastError() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sync.lastError()).isEqualTo("version 2: trust store missing on this machine");
            assertThat(sync.running().version()).isEqualTo(1);
        }
    }

    private static void awaitRunning(ConfigSync sync, long version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sync.running().version() < version && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sync.running().version()).isEqualTo(version);
    }
}
