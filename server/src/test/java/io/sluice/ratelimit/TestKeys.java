package io.sluice.ratelimit;

import io.sluice.cluster.TestMembers;

/** Finds keys whose partition a given test member owns, so a test can kill or stall exactly that owner. */
final class TestKeys {

    private TestKeys() {
    }

    /** A name {@code prefix-N} such that the map key {@code prefix-N + suffix} is owned by member {@code index}. */
    static String ownedBy(TestMembers cluster, int index, String prefix, String suffix) {
        var owner = cluster.get(index).getCluster().getLocalMember().getUuid();
        for (int n = 0; n < 10_000; n++) {
            String name = prefix + "-" + n;
            if (owner.equals(cluster.get(0).getPartitionService().getPartition(name + suffix).getOwner().getUuid())) {
                return name;
            }
        }
        throw new IllegalStateException("no key owned by member " + index);
    }
}
