package io.sluice.events;

import io.sluice.model.StreamEvent;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One subscriber's bounded queue. Publishers {@link #offer} without locks or waiting: past
 * {@code capacity} queued events an event is dropped and counted. The lost count reaches the
 * subscriber as a {@code dropped} event where the gap is: before the next event that fits, or
 * when it has read everything queued, whichever comes first. One thread reads ({@link #next}).
 */
public final class Subscription implements AutoCloseable {

    private final EventHub hub;
    private final EventFilter filter;
    private final int capacity;
    private final InstantSource clock;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    /** Events in the queue, not counting {@code dropped} markers (at most one per gap). */
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The reader while it parks in {@link #next}, so a publisher can wake it; null otherwise. */
    private volatile Thread waiting;

    Subscription(EventHub hub, EventFilter filter, int capacity, InstantSource clock) {
        this.hub = hub;
        this.filter = filter;
        this.capacity = capacity;
        this.clock = clock;
    }

    public EventFilter filter() {
        return filter;
    }

    /** Queues {@code e}, or drops it when the queue is full. Never blocks, never throws. */
    void offer(Event e) {
        if (closed.get()) {
            return;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
            return;
        }
        if (dropped.get() > 0) {
            Event marker = takeDropped();
            if (marker != null) {
                queue.offer(marker);
            }
        }
        queue.offer(e);
        Thread reader = waiting;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    private Event takeDropped() {
        long n = dropped.getAndSet(0);
        return n == 0 ? null : hub.event(EventType.DROPPED, new StreamEvent.Dropped(n, clock.instant().toString()));
    }

    /** The next queued event without waiting, or null. */
    public Event poll() {
        Event e = queue.poll();
        if (e != null) {
            if (e.type() != EventType.DROPPED) {
                size.decrementAndGet();
            }
            return e;
        }
        return dropped.get() > 0 ? takeDropped() : null; // caught up: tell it what it lost
    }

    /**
     * The next event, waiting up to {@code timeoutNanos} for one; null when none came in time or
     * the subscription is closed (then {@link #isClosed()}, and what is still queued is not
     * returned). Only the subscriber's own thread calls this; an interrupt closes the subscription.
     */
    public Event next(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!closed.get()) {
            Event e = poll();
            if (e != null) {
                return e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            waiting = Thread.currentThread();
            try {
                // look again after announcing the wait: an offer in between has seen it and unparks us
                if (queue.isEmpty() && dropped.get() == 0 && !closed.get()) {
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                waiting = null;
            }
            if (Thread.interrupted()) {
                close();
            }
        }
        return null;
    }

    /** Events this subscriber lost since it subscribed. */
    public long droppedTotal() {
        return droppedTotal.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Ends the subscription: the reader's {@link #next} returns null at once; safe from any thread, more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            hub.remove(this);
            Thread reader = waiting;
            if (reader != null) {
                LockSupport.unpark(reader);
            }
        }
    }
}
