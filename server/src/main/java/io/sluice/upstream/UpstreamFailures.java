package io.sluice.upstream;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
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
 * {@link Failure#UPSTREAM_UNREACHABLE}, which is what makes a request safe to retry elsewhere.
 * Failures of the client's own body arrive already classified by {@code ClientBody} as a
 * {@link GatewayException}, so anything else here is the upstream's.
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
}
