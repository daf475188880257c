package io.sluice.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many lines a repeated warning may write per window, so that a flood of the same event (a
 * handshake storm, a rogue member rewriting a map, an identity provider that is down) cannot fill
 * the disk. Callers ask {@link #admit()} before logging and append how many lines were dropped
 * since the last one written.
 */
public final class LogBudget {

    private final int lines;
    private final Duration window;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Instant windowStart;
    private int used;
    private long dropped;

    public LogBudget(int lines, Duration window, InstantSource clock) {
        this.lines = lines;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Takes one line from the budget: -1 if the window's lines are spent (the line is counted as
     * dropped), else how many lines were dropped since the last one admitted.
     */
    public long admit() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (windowStart == null || !now.isBefore(windowStart.plus(window))) {
                windowStart = now;
                used = 0;
            }
            if (used >= lines) {
                dropped++;
                return -1;
            }
            used++;
            long before = dropped;
            dropped = 0;
            return before;
        } finally {
            lock.unlock();
        }
    }

    /** " (N earlier <what> not logged)" for a positive count, else nothing: the suffix callers append. */
    public static String droppedSuffix(long dropped, String what) {
        return dropped > 0 ? " (" + dropped + " earlier " + what + " not logged)" : "";
    }
}
