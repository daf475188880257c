package io.sluice.upstream;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what went wrong on the proxy→upstream leg to the failure table. Connect failures alone are
 * {@link Failure#UPSTREAM_UNREACHABLE}: the upstream saw nothing, so a request is safe to retry
 * elsewhere. A connection that broke after the request went out but before any byte of the
 * response came back is {@link Failure#UPSTREAM_PROTOCOL_ERROR} marked by {@link #beforeResponse}:
 * the upstream may have acted on the request, so only a replayable idempotent one is sent again
 * ({@link #nothingReceived}). Failures of the client's own body arrive already classified by
 * {@code ClientBody} as a {@link GatewayException}, so anything else here is the upstream's.
 */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    public static GatewayException classify(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 6; depth++, t = t.getCause()) {
            if (t instanceof GatewayException g) {
                return g;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new GatewayException(Failure.UPSTREAM_UNREACHABLE, "the upstream refused or could not be reached", failure);
            }
            if (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
                return new GatewayException(Failure.UPSTREAM_UNREACHABLE, "connecting to the upstream timed out", failure);
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return new GatewayException(Failure.UPSTREAM_TIMEOUT, "the upstream timed out", failure);
            }
            if (t instanceof RejectedExecutionException) {
                return new GatewayException(Failure.UPSTREAM_OVERLOADED, "too many requests are waiting for this upstream", failure);
            }
        }
        return new GatewayException(Failure.UPSTREAM_PROTOCOL_ERROR, "the upstream failed the exchange", failure);
    }

    /**
     * Classifies a failure that happened before any byte of the response arrived (reset, end of
     * stream or read error right after the request was sent, the kill -9 of an endpoint with
     * requests in flight). A protocol error is marked so that {@link #nothingReceived} can tell it
     * from one where the response had begun; timeouts and connect failures keep their own entries
     * (a slow upstream must not be hit twice).
     */
    public static GatewayException beforeResponse(Throwable failure) {
        GatewayException classified = classify(failure);
        if (classified.failure() != Failure.UPSTREAM_PROTOCOL_ERROR || classified.getCause() instanceof NothingReceived) {
            return classified;
        }
        return new GatewayException(Failure.UPSTREAM_PROTOCOL_ERROR,
                "the upstream closed the connection before answering", new NothingReceived(failure));
    }

    /** Whether the exchange failed before any byte of the response arrived (see {@link #beforeResponse}). */
    public static boolean nothingReceived(GatewayException failure) {
        return failure.getCause() instanceof NothingReceived;
    }

    /** The mark of {@link #beforeResponse}, wrapping what the transport saw. */
    private static final class NothingReceived extends IOException {
        NothingReceived(Throwable cause) {
            super("no byte of the response arrived: " + cause, cause);
        }
    }
}
