package io.sluice.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load against several limiter nodes, shaped like the gateway's traffic: every request
 * runs on its own virtual thread, so a decision that hangs on the cluster holds up only itself and
 * shows in the latency instead of silently lowering the offered rate.
 */
final class ClusterLoad {

    /** One request's decision on one node; true if admitted. */
    interface Decider {
        boolean admit();
    }

    record Node(String name, double share, Decider decider) {
    }

    /** Something done to the cluster at a point of the run; the load of node {@code stopsNode} ends with it ({@code -1}: none). */
    record Disruption(int stopsNode, Duration at, Runnable action) {
    }

    static final long SLOT_NANOS = 100_000_000L;

    /** What one node saw; slots are 100 ms wide and indexed from the start of the run. */
    static final class NodeResult {
        final String name;
        final LongAdder offered = new LongAdder();
        final LongAdder admitted = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLong maxLatencyNanos = new AtomicLong();
        final AtomicLongArray admittedBySlot;

        NodeResult(String name, int slots) {
            this.name = name;
            this.admittedBySlot = new AtomicLongArray(slots);
        }

        long admittedBetween(Duration from, Duration to) {
            long sum = 0;
            for (int s = (int) (from.toNanos() / SLOT_NANOS); s < Math.min(admittedBySlot.length(), to.toNanos() / SLOT_NANOS); s++) {
                sum += admittedBySlot.get(s);
            }
            return sum;
        }
    }

    record Result(List<NodeResult> nodes, Duration duration, long unfinished) {

        long admitted() {
            return nodes.stream().mapToLong(n -> n.admitted.sum()).sum();
        }

        long offered() {
            return nodes.stream().mapToLong(n -> n.offered.sum()).sum();
        }

        long admittedBetween(Duration from, Duration to) {
            return nodes.stream().mapToLong(n -> n.admittedBetween(from, to)).sum();
        }

        long maxLatencyNanos() {
            return nodes.stream().mapToLong(n -> n.maxLatencyNanos.get()).max().orElse(0);
        }

        long errors() {
            return nodes.stream().mapToLong(n -> n.errors.sum()).sum();
        }
    }

    private ClusterLoad() {
    }

    static Result run(List<Node> nodes, double offeredPerSecond, Duration duration, Disruption disruption) throws InterruptedException {
        int slots = (int) (duration.toNanos() / SLOT_NANOS) + 1;
        List<NodeResult> results = new ArrayList<>();
        List<AtomicBoolean> alive = new ArrayList<>();
        AtomicLong inFlight = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> dispatchers = new ArrayList<>();
        for (Node node : nodes) {
            NodeResult r = new NodeResult(node.name(), slots);
            AtomicBoolean up = new AtomicBoolean(true);
            results.add(r);
            alive.add(up);
            long interval = (long) (1e9 / (offeredPerSecond * node.share()));
            dispatchers.add(Thread.ofVirtual().start(() -> dispatch(node, r, up, inFlight, start, interval, duration.toNanos())));
        }
        Thread disrupter = null;
        if (disruption != null) {
            disrupter = Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(start + disruption.at().toNanos() - System.nanoTime());
                if (disruption.stopsNode() >= 0) {
                    alive.get(disruption.stopsNode()).set(false);
                }
                disruption.action().run();
            });
        }
        for (Thread t : dispatchers) {
            t.join();
        }
        if (disrupter != null) {
            disrupter.join();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new Result(results, duration, inFlight.get());
    }

    private static void dispatch(Node node, NodeResult r, AtomicBoolean up, AtomicLong inFlight, long start, long interval, long durationNanos) {
        for (long k = 0; ; k++) {
            long due = start + k * interval;
            if (due - start >= durationNanos) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!up.get()) {
                return;
            }
            inFlight.incrementAndGet();
            Thread.ofVirtual().start(() -> decide(node, r, inFlight, start));
        }
    }

    private static void decide(Node node, NodeResult r, AtomicLong inFlight, long start) {
        long t0 = System.nanoTime();
        try {
            r.offered.increment();
            if (node.decider().admit()) {
                r.admitted.increment();
                int slot = (int) ((t0 - start) / SLOT_NANOS);
                if (slot < r.admittedBySlot.length()) {
                    r.admittedBySlot.incrementAndGet(slot);
                }
            }
        } catch (RuntimeException e) {
            r.errors.increment();
        } finally {
            r.maxLatencyNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
            inFlight.decrementAndGet();
        }
    }
}
