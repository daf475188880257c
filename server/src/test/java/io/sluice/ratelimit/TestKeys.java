package io.sluice.ratelimit;

import io.sluice.cluster.TestMembers;

/** Finds map keys whose partition a given test member owns, so a test can kill exactly that owner. */
final class TestKeys {

    private TestKeys() {
    }

    /** A key {@code prefix-N} owned by member {@code index}. */
    static String ownedBy(TestMembers cluster, int index, String prefix) {
        var owner = cluster.get(index).getCluster().getLocalMember().getUuid();
        for (int n = 0; n < 10_000; n++) {
            String key = prefix + "-" + n;
            if (owner.equals(cluster.get(0).getPartitionService().getPartition(key).getOwner().getUuid())) {
                return key;
            }
        }
        throw new IllegalStateException("no key owned by member " + index);
    }
}
