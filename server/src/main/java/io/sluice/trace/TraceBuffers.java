package io.sluice.trace;

import io.sluice.model.TraceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's bounded memory of kept traces: a ring of the most recent, a ring of the failed, and
 * the N slowest seen (a min-heap whose head, the fastest of them, is the next to go). One lock
 * guards all three; only kept traces take it, and readers copy under it and filter outside.
 */
final class TraceBuffers {

    private static final Comparator<TraceRecord> FASTEST_OLDEST_FIRST = Comparator
            .comparingLong(TraceRecord::durationMicros).thenComparingLong(TraceRecord::startEpochMicros);

    private final ReentrantLock lock = new ReentrantLock();
    private final Ring recent;
    private final Ring failed;
    private final PriorityQueue<TraceRecord> slowest;
    private final int slowestSize;

    TraceBuffers(int recent, int slowest, int failed) {
        this.recent = new Ring(recent);
        this.failed = new Ring(failed);
        this.slowestSize = slowest;
        this.slowest = new PriorityQueue<>(slowest, FASTEST_OLDEST_FIRST);
    }

    void add(TraceRecord trace, boolean isFailure) {
        lock.lock();
        try {
            recent.add(trace);
            if (isFailure) {
                failed.add(trace);
            }
            if (slowest.size() < slowestSize) {
                slowest.add(trace);
            } else if (trace.durationMicros() > slowest.peek().durationMicros()) {
                slowest.poll();
                slowest.add(trace);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A copy of one list in its reading order: newest first, or for {@link TraceList#SLOWEST} slowest first. */
    List<TraceRecord> snapshot(TraceList list) {
        List<TraceRecord> out;
        lock.lock();
        try {
            out = switch (list) {
                case RECENT -> recent.newestFirst();
                case FAILED -> failed.newestFirst();
                case SLOWEST -> new ArrayList<>(slowest);
            };
        } finally {
            lock.unlock();
        }
        if (list == TraceList.SLOWEST) {
            out.sort(FASTEST_OLDEST_FIRST.reversed());
        }
        return out;
    }

    /** A fixed array written round and round; the oldest entry is overwritten once it is full. */
    private static final class Ring {
        private final TraceRecord[] entries;
        private int next;
        private int size;

        Ring(int capacity) {
            entries = new TraceRecord[capacity];
        }

        void add(TraceRecord trace) {
            entries[next] = trace;
            next = (next + 1) % entries.length;
            size = Math.min(size + 1, entries.length);
        }

        List<TraceRecord> newestFirst() {
            List<TraceRecord> out = new ArrayList<>(size);
            for (int i = 1; i <= size; i++) {
                out.add(entries[Math.floorMod(next - i, entries.length)]);
            }
            return out;
        }
    }
}
