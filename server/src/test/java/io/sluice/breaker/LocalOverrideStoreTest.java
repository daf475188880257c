package io.sluice.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.breaker.BreakerOverride.Mode;
import io.sluice.cluster.DataDir;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class LocalOverrideStoreTest {

    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path data;

    @Test
    void shouldNumberOverridesPerBreakerAndTellListenersOfEachChange() throws Exception {
        List<BreakerOverride> seen = new CopyOnWriteArrayList<>();
        try (LocalOverrideStore store = new LocalOverrideStore(null)) {
            AutoCloseable listening = store.listen(seen::add);
            BreakerOverride first = store.put(new BreakerOverride("api", Mode.FORCED_OPEN, "alice", "deploy", T, 99));
            BreakerOverride second = store.put(BreakerOverride.request("api", Mode.AUTO, "bob", "", T.minusSeconds(30)));
            BreakerOverride other = store.put(BreakerOverride.request("web", Mode.FORCED_CLOSED, "bob", null, T));
            assertThat(first.sequence()).as("the store numbers, not the caller").isEqualTo(1);
            assertThat(second.sequence()).as("a later action wins even with an earlier clock").isEqualTo(2);
            assertThat(other.sequence()).isEqualTo(1);
            assertThat(other.reason()).isEmpty();
            assertThat(seen).containsExactly(first, second, other);
            assertThat(store.all()).containsOnlyKeys("api", "web").containsEntry("api", second);
            listening.close();
            store.put(BreakerOverride.request("web", Mode.AUTO, "bob", null, T));
            assertThat(seen).hasSize(3);
        }
    }

    @Test
    void shouldRestoreOverridesFromTheDataFolderAfterARestart() {
        BreakerOverride stored;
        try (LocalOverrideStore store = new LocalOverrideStore(new DataDir(data))) {
            store.put(BreakerOverride.request("api", Mode.FORCED_OPEN, "alice", "incident 42", T));
            stored = store.put(BreakerOverride.request("api", Mode.FORCED_CLOSED, "alice", "incident 42 over", T.plusSeconds(60)));
        }
        assertThat(data.resolve(OverrideFile.NAME)).content().contains("\"actor\" : \"alice\"", "2026-11-02T10:01:00Z");
        try (LocalOverrideStore again = new LocalOverrideStore(new DataDir(data))) {
            assertThat(again.all()).containsExactlyEntriesOf(java.util.Map.of("api", stored));
            assertThat(again.put(BreakerOverride.request("api", Mode.AUTO, "bob", "", T)).sequence()).isEqualTo(3);
        }
    }

    @Test
    void shouldStartEmptyFromAnUnreadableFile() {
        new DataDir(data).write(OverrideFile.NAME, "{ not json");
        try (LocalOverrideStore store = new LocalOverrideStore(new DataDir(data))) {
            assertThat(store.all()).isEmpty();
        }
    }

    @Test
    void shouldOrderBySequenceThenTime() {
        BreakerOverride a = new BreakerOverride("api", Mode.FORCED_OPEN, "alice", "", T.plusSeconds(60), 1);
        BreakerOverride b = new BreakerOverride("api", Mode.AUTO, "bob", "", T, 2);
        BreakerOverride c = new BreakerOverride("api", Mode.AUTO, "carol", "", T.plusSeconds(1), 2);
        assertThat(b.isNewerThan(a)).isTrue();
        assertThat(c.isNewerThan(b)).isTrue();
        assertThat(b.isNewerThan(c)).isFalse();
        assertThat(c.isNewerThan(c)).isFalse();
        assertThat(a.isNewerThan(null)).isTrue();
    }
}
