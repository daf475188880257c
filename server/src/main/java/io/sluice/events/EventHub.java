package io.sluice.events;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.TraceRecord;
import io.sluice.trace.TraceSink;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's live events: publishers hand events to every subscriber whose filter accepts them,
 * subscribers read at their own pace from their own bounded {@link Subscription}.
 *
 * <p>Publishing never blocks and never throws: with nobody subscribed it is one volatile read;
 * otherwise one filter check and one queue offer per subscriber (an event nobody accepts is not
 * even built). The subscriber list is an array replaced on (rare) subscribe and unsubscribe.
 * As a {@link TraceSink} it tells the tracer to build every request's trace only while some
 * subscriber wants traces.
 */
public final class EventHub implements TraceSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    /** Queued events per subscriber before it starts losing them. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** Streams one node serves at once; each may hold {@link #DEFAULT_CAPACITY} events. */
    public static final int DEFAULT_MAX_SUBSCRIBERS = 32;
    private static final Subscription[] NONE = new Subscription[0];

    private final InstantSource clock;
    private final int capacity;
    private final int maxSubscribers;
    private final AtomicLong ids = new AtomicLong();
    private volatile Subscription[] subscribers = NONE;
    /** The union of what the subscribers want, one bit per {@link EventType}. */
    private volatile int wanted;
    private boolean closed;

    public EventHub(InstantSource clock) {
        this(clock, DEFAULT_CAPACITY, DEFAULT_MAX_SUBSCRIBERS);
    }

    public EventHub(InstantSource clock, int capacity, int maxSubscribers) {
        if (capacity < 1 || maxSubscribers < 1) {
            throw new IllegalArgumentException("capacity and maxSubscribers must be at least 1, not " + capacity
                    + " and " + maxSubscribers);
        }
        this.clock = clock;
        this.capacity = capacity;
        this.maxSubscribers = maxSubscribers;
    }

    /**
     * A new subscriber; close it when done.
     *
     * @throws GatewayException DRAINING when the node stops, LOAD_SHED (with Retry-After) when it
     *                          already streams to its maximum of subscribers
     */
    public synchronized Subscription subscribe(EventFilter filter) {
        if (closed) {
            throw new GatewayException(Failure.DRAINING, "the node is stopping");
        }
        if (subscribers.length >= maxSubscribers) {
            throw new GatewayException(Failure.LOAD_SHED, "this node already streams events to " + maxSubscribers
                    + " subscribers; retry later").withHeader("Retry-After", "10");
        }
        Subscription s = new Subscription(this, filter, capacity, clock);
        Subscription[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
        next[next.length - 1] = s;
        publishList(next);
        return s;
    }

    synchronized void remove(Subscription s) {
        Subscription[] current = subscribers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == s) {
                Subscription[] next = new Subscription[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                publishList(next);
                return;
            }
        }
    }

    private void publishList(Subscription[] next) {
        int bits = 0;
        for (Subscription s : next) {
            bits |= s.filter().typeBits();
        }
        subscribers = next;
        wanted = bits;
    }

    /** True while some subscriber wants {@code type}: check before building a payload. */
    public boolean wants(EventType type) {
        return (wanted & type.bit()) != 0;
    }

    /** True while some subscriber wants traces. */
    @Override
    public boolean listening() {
        return (wanted & EventType.TRACE.bit()) != 0;
    }

    @Override
    public void offer(TraceRecord trace) {
        publish(EventType.TRACE, trace);
    }

    /** Hands {@code payload} to every subscriber that accepts it. Never blocks, never throws. */
    public void publish(EventType type, Object payload) {
        Subscription[] current = subscribers;
        if (current.length == 0) {
            return;
        }
        try {
            Event e = null;
            for (Subscription s : current) {
                if (s.filter().accepts(type, payload)) {
                    if (e == null) {
                        e = event(type, payload);
                    }
                    s.offer(e);
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("live event {} not published", type.wire(), ex);
        }
    }

    Event event(EventType type, Object payload) {
        return new Event(ids.incrementAndGet(), type, payload);
    }

    public int subscribers() {
        return subscribers.length;
    }

    /** Events lost by the current subscribers because they read too slowly. */
    public long dropped() {
        long n = 0;
        for (Subscription s : subscribers) {
            n += s.droppedTotal();
        }
        return n;
    }

    /** Ends every subscription (their streams end) and refuses new ones: the node stops. */
    @Override
    public void close() {
        Subscription[] current;
        synchronized (this) {
            closed = true;
            current = subscribers;
        }
        for (Subscription s : current) {
            s.close();
        }
    }
}
