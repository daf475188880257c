package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import io.sluice.model.ProfileResult;
import java.util.Arrays;
import java.util.List;

/** Small call trees with round numbers for the flame tests. */
final class Trees {

    static final String RUN = "java.lang.Thread.run";
    static final String HANDLE = "io.sluice.proxy.ProxyHandler.handle";
    static final String SEND = "io.sluice.upstream.Upstream.send";
    static final String WRITE = "io.sluice.cluster.Json.write";
    static final String LOG = "io.sluice.proxy.ProxyHandler.log";
    static final String ACQUIRE = "io.sluice.limits.Limiter.acquire";

    private Trees() {
    }

    /** A frame whose total is its self plus its callees' totals. */
    static FlameNode node(String name, long self, FlameNode... children) {
        long total = self + Arrays.stream(children).mapToLong(FlameNode::total).sum();
        return new FlameNode(name, total, self, List.of(children));
    }

    /**
     * <pre>
     * all 100
     * ├─ Thread.run 70
     * │  ├─ ProxyHandler.handle 60 (self 5)
     * │  │  ├─ Upstream.send 40
     * │  │  └─ Json.write 15
     * │  └─ ProxyHandler.log 10
     * └─ Limiter.acquire 30 (self 20)
     *    └─ ProxyHandler.handle 10
     * </pre>
     */
    static FlameNode sample() {
        return node("all", 0,
                node(RUN, 0,
                        node(HANDLE, 5, node(SEND, 40), node(WRITE, 15)),
                        node(LOG, 10)),
                node(ACQUIRE, 20, node(HANDLE, 10)));
    }

    /** B for comparisons with {@link #sample()}: send grew, write shrank, log is gone, Cache.get is new. */
    static FlameNode later() {
        return node("all", 0,
                node(RUN, 0,
                        node(HANDLE, 5, node(SEND, 90), node(WRITE, 5))),
                node(ACQUIRE, 50, node(HANDLE, 10)),
                node("io.sluice.cache.Cache.get", 40));
    }

    static ProfileResult profile(String id, String kind, FlameNode root) {
        String unit = switch (kind) {
            case "alloc" -> "bytes";
            case "wall" -> "nanoseconds";
            default -> "samples";
        };
        return new ProfileResult(id, "node-1", kind, "2025-03-01T12:00:0" + (id.length() % 10) + ".000Z", 10_000,
                root.total(), unit, root);
    }

    static List<String> path(String... names) {
        return List.of(names);
    }
}
