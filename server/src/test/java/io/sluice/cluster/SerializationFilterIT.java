package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import io.sluice.config.RateLimitConfig;
import io.sluice.ratelimit.LimiterStats;
import io.sluice.ratelimit.RateLimiters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The members' Java deserialization whitelist: cluster-wide rate limiting, which sends its lease
 * processor and grant through Java serialization, works on three members with it on, and an entry
 * processor class outside it, sent by a rogue member, is refused by the owner before it runs.
 */
@Timeout(120)
class SerializationFilterIT {

    /** Set if a member ever ran the rogue's processor. */
    static final AtomicBoolean RAN = new AtomicBoolean();

    @TempDir
    Path data;

    @Test
    void rateLimitLeasingWorksWithTheFilterAndAForeignProcessorIsRefused() {
        try (TestMembers cluster = TestMembers.start(3, data)) {
            Rogue.await("partitions settled", () -> cluster.all().stream().allMatch(m -> m.getPartitionService().isClusterSafe()));
            RateLimitConfig policy = new RateLimitConfig("api", 100L, Duration.ofSeconds(1), 50L, "global", "reject", null, "cluster");
            List<RateLimiters> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RateLimiters limiters = new RateLimiters("node-" + (i + 1), InstantSource.system(), cluster.get(i));
                limiters.configure(List.of(policy));
                nodes.add(limiters);
            }
            int admitted = 0;
            long started = System.nanoTime();
            for (int round = 0; round < 40; round++) {
                for (RateLimiters n : nodes) {
                    admitted += n.acquire("api", "").admitted() ? 1 : 0;
                }
            }
            long remote = 0;
            for (RateLimiters n : nodes) {
                LimiterStats s = n.stats().getFirst();
                assertThat(s.remoteFailures()).as("no lease call failed (deserialization included)").isZero();
                assertThat(s.fallbacks()).as("no decision fell back to the local share").isZero();
                remote += s.remoteCalls();
            }
            assertThat(remote).as("leases went through the cluster").isPositive();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(admitted).as("120 requests against burst 50 + 100/s in %.2f s", seconds)
                    .isBetween(1, 50 + (int) Math.ceil(100 * seconds) + 1);

            HazelcastInstance rogue = Rogue.join(cluster.config(0), cluster.all());
            try {
                String key = ownedBy(cluster.get(0));
                assertThatThrownBy(() -> rogue.<String, Long>getMap("sluice.ratelimit.buckets").executeOnKey(key, new Foreign()))
                        .hasStackTraceContaining("is not allowed");
                assertThat(RAN).as("the foreign processor never ran on a legit member").isFalse();
            } finally {
                rogue.getLifecycleService().terminate();
            }
            nodes.forEach(RateLimiters::close);
        }
    }

    private static String ownedBy(HazelcastInstance member) {
        for (int i = 0; ; i++) {
            String key = "probe-" + i;
            if (member.getPartitionService().getPartition(key).getOwner().equals(member.getCluster().getLocalMember())) {
                return key;
            }
        }
    }

    /** A class no Sluice member admits: it stands for any gadget a rogue could name. */
    static final class Foreign implements EntryProcessor<String, Long, Long> {
        @Override
        public Long process(Map.Entry<String, Long> entry) {
            RAN.set(true);
            return 0L;
        }
    }
}
