package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.ConfigException;
import io.sluice.model.ConfigVersion;
import io.sluice.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The versioned config store on its local map: numbering, validation, If-Match and concurrent writers. */
class ConfigStoreTest {

    private final ConfigStore store = ConfigStore.local(yaml -> {
        if (yaml.contains("invalid")) {
            throw new ConfigException("routes[0].upstream", "no upstream named nowhere");
        }
    }, new MutableClock());

    @Test
    void concurrentWritersAllSucceedWithVersionsWithoutGapsOrDuplicates() throws Exception {
        int writers = 32;
        int each = 20;
        ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        versions.add(store.propose("routes: [] # " + writer + "-" + i + "\n", null, "w" + writer, "c").version());
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(versions).hasSize(writers * each).doesNotHaveDuplicates();
        assertThat(versions.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(writers * each);
        assertThat(store.head().map(ConfigVersion::version)).contains((long) writers * each);
        assertThat(store.history()).hasSize(ConfigStore.KEEP);
    }

    @Test
    void anInvalidChangeIsRefusedWithItsFieldAndTheHeadStays() {
        store.propose("routes: []\n", null, "op", "first");
        assertThatThrownBy(() -> store.propose("invalid", null, "op", "second"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].upstream");
        assertThat(store.head().map(ConfigVersion::version)).contains(1L);
    }

    @Test
    void aChangeBasedOnAnOlderVersionIsAConflictNamingTheCurrentOne() {
        store.propose("routes: []\n", null, "op", "first");
        store.propose("routes: [] # 2\n", 1L, "op", "second");
        assertThatThrownBy(() -> store.propose("routes: [] # 3\n", 1L, "op", "third"))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("the change was based on version 1 but the cluster runs version 2");
    }

    @Test
    void theBusyRefusalSaysTheChangeWasNotMadeAndWhoWon() {
        assertThat(new ConfigBusyException(64, 64, 0).getMessage())
                .isEqualTo("the change was not made: the config head changed 64 times while it was being written"
                        + " (other changes made at the same time); send it again");
        assertThat(new ConfigBusyException(64, 60, 4).getMessage()).contains("4 times by values that fail verification");
    }
}
