package io.sluice.upstream;

/**
 * What a transport tells its caller about one exchange besides the response: the connections it
 * tried to open for it. The request's trace turns them into {@code connect} spans. Called on the
 * requesting thread, inside {@link UpstreamTransport#exchange}; must not block.
 */
@FunctionalInterface
public interface ExchangeObserver {

    ExchangeObserver NONE = (startNanos, endNanos, opened) -> { };

    /**
     * A new connection to the endpoint was tried from {@code startNanos} to {@code endNanos}
     * ({@link System#nanoTime()}), name resolution included; {@code opened} is false when it failed.
     */
    void connect(long startNanos, long endNanos, boolean opened);
}
