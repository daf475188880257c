package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterMemberIT {

    @TempDir
    Path data;

    @Test
    void threeMembersOnLoopbackFormOneClusterAndShareAMap() {
        try (TestMembers cluster = TestMembers.start(3, data)) {
            IMap<String, String> a = cluster.get(0).getMap("t");
            a.put("k", "v");
            assertThat(cluster.get(2).<String, String>getMap("t").get("k")).isEqualTo("v");
            assertThat(cluster.get(1).getCluster().getMembers()).hasSize(3);
            assertThat(cluster.get(1).getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
        }
    }
}
