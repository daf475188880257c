package io.sluice.monitor.session;

/**
 * A view model fed from I/O threads at a rate the UI thread must not follow event by event
 * (thousands of traces a second): I/O threads only queue, and {@link #drain()}, run by the
 * {@link UiPump} on the UI thread a few times a second, applies everything queued in one go.
 */
@FunctionalInterface
public interface Drainable {

    /** Applies what arrived since the last call. UI thread only; keep it to a few milliseconds. */
    void drain();
}
