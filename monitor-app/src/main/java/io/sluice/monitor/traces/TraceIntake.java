package io.sluice.monitor.traces;

import io.sluice.model.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where traces wait between the I/O threads that receive them and the UI thread's next drain.
 * Bounded: when the UI thread falls behind, the oldest waiting traces make room for new ones and
 * are counted as skipped, so a flood costs memory up to the bound and never blocks a stream.
 * Thread-safe; any number of producers, one consumer.
 */
final class TraceIntake {

    private final ArrayBlockingQueue<TraceRecord> queue;
    private final LongAdder received = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    TraceIntake(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues a trace, discarding the oldest waiting one if full. Never blocks. */
    void offer(TraceRecord trace) {
        received.increment();
        while (!queue.offer(trace)) {
            if (queue.poll() != null) {
                skipped.increment();
            }
        }
    }

    /** Everything waiting, oldest first. */
    List<TraceRecord> drain() {
        List<TraceRecord> out = new ArrayList<>(Math.max(16, queue.size()));
        queue.drainTo(out);
        return out;
    }

    long received() {
        return received.sum();
    }

    /** Traces that were received but discarded before a drain took them. */
    long skipped() {
        return skipped.sum();
    }
}
