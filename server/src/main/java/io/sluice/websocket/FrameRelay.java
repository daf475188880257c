package io.sluice.websocket;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays frames between the client's WebSocket and the upstream's, unchanged and in order.
 *
 * <p>Backpressure: a leg demands its next frame only once the previous one has been written to
 * the other leg, so each direction holds at most one frame and a slow reader slows its writer.
 * The upstream leg opens first but demands nothing until the client leg is open.
 *
 * <p>Close: a CLOSE from one side is forwarded and its completion held until the other side
 * answers, so each side sees the other's own close code and reason (not one Jetty would make up).
 * When one side drops without a close handshake, the other gets a close frame saying so:
 * 1014 (bad gateway) towards the client, 1001 (going away) towards the upstream.
 */
final class FrameRelay {

    private static final Logger LOG = LoggerFactory.getLogger(FrameRelay.class);
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable onUpstreamGone;
    final Leg client = new Leg();
    final Leg upstream = new Leg();

    /** @param onUpstreamGone run once when the upstream connection ends (frees its in-flight slot) */
    FrameRelay(Runnable onUpstreamGone) {
        this.onUpstreamGone = onUpstreamGone;
    }

    /** Drops the upstream connection when the client's upgrade could not be completed. */
    void abortUpstream() {
        CoreSession session = upstream.session;
        if (session != null) {
            session.abort();
        }
        upstreamGone();
    }

    private void upstreamGone() {
        if (released.compareAndSet(false, true)) {
            onUpstreamGone.run();
        }
    }

    /** One side of the relay: receives that side's frames and sends the other side's. */
    final class Leg implements FrameHandler {
        private volatile CoreSession session; // written once under lock when the leg opens
        private boolean closeSent;       // guarded by lock: a CLOSE went out on this leg
        private boolean closed;          // guarded by lock: this leg's connection is gone
        private Callback heldClose;      // guarded by lock: a received CLOSE waiting for the other side's answer
        private CloseStatus earlyClose;  // guarded by lock: the other side ended before this leg opened

        private Leg peer() {
            return this == client ? upstream : client;
        }

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            CloseStatus early;
            boolean upstreamOpen;
            lock.lock();
            try {
                session = coreSession;
                early = earlyClose;
                upstreamOpen = !upstream.closed;
            } finally {
                lock.unlock();
            }
            callback.succeeded();
            if (this == client) {
                if (early != null) {
                    closeFromPeer(early);
                }
                coreSession.demand();
                if (upstreamOpen) {
                    upstream.session.demand();
                }
            }
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            // A fresh frame: the received one carries the sender's mask and RSV bits, the copy gets this hop's.
            Frame copy = new Frame(frame.getOpCode(), frame.isFin(), frame.getPayload());
            Leg peer = peer();
            if (frame.getOpCode() != OpCode.CLOSE) {
                Runnable next = () -> {
                    callback.succeeded();
                    session.demand();
                };
                // A frame the other side cannot take ends that side; its onClosed then closes this one.
                peer.send(copy, Callback.from(next, failure -> {
                    peer.abort(failure);
                    next.run();
                }));
                return;
            }
            boolean answer;
            lock.lock();
            try {
                answer = closeSent;
                if (!answer) {
                    // Completing now would make Jetty answer with its own CLOSE; wait for the other side's.
                    heldClose = callback;
                }
            } finally {
                lock.unlock();
            }
            peer.send(copy, answer ? callback : Callback.from(() -> { }, peer::abort));
        }

        /** Sends a frame from the other side; dropped once this leg is closing, as RFC 6455 allows. */
        void send(Frame frame, Callback callback) {
            Callback held = null;
            boolean drop;
            lock.lock();
            try {
                drop = closed || closeSent || session == null;
                if (!drop && frame.getOpCode() == OpCode.CLOSE) {
                    closeSent = true;
                    held = heldClose;
                    heldClose = null;
                }
            } finally {
                lock.unlock();
            }
            if (drop) {
                callback.succeeded();
                return;
            }
            session.sendFrame(frame, held == null ? callback : Callback.combine(callback, held), false);
        }

        /** The other side has ended: close this leg with its status, or with one that says it dropped. */
        void closeFromPeer(CloseStatus status) {
            CloseStatus out = CloseStatus.isTransmittableStatusCode(status.getCode()) ? status
                    : this == client ? new CloseStatus(CloseStatus.BAD_GATEWAY, "upstream connection lost")
                    : new CloseStatus(CloseStatus.SHUTDOWN, "client connection lost");
            Callback held;
            lock.lock();
            try {
                if (closed || closeSent) {
                    return;
                }
                if (session == null) {
                    earlyClose = out;
                    return;
                }
                closeSent = true;
                held = heldClose;
                heldClose = null;
            } finally {
                lock.unlock();
            }
            session.close(out.getCode(), out.getReason(), held == null ? Callback.NOOP : held);
        }

        private void abort(Throwable failure) {
            LOG.debug("dropping the {} side of a WebSocket relay", this == client ? "client" : "upstream", failure);
            CoreSession s = session;
            if (s != null) {
                s.abort();
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            // onClosed follows with the status derived from the cause; the other side is told there.
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            lock.lock();
            try {
                closed = true;
                heldClose = null;
            } finally {
                lock.unlock();
            }
            if (this == upstream) {
                upstreamGone();
            }
            peer().closeFromPeer(closeStatus);
            callback.succeeded();
        }
    }
}
