package io.sluice.upstream;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Content;

/**
 * Sends one request upstream and blocks the calling (virtual) thread until the response headers
 * arrive, the response-headers timeout passes (504), or the exchange fails. The Jetty client
 * delivers headers on its own thread; this class is the single hand-off point back to the
 * request's thread, so the proxy code above it stays straight-line.
 */
public final class UpstreamExchange {

    private UpstreamExchange() {
    }

    public static UpstreamResponse send(Request request, Duration headersTimeout) {
        CompletableFuture<UpstreamResponse> headers = new CompletableFuture<>();
        request.onResponseContentSource((response, body) -> headers.complete(new UpstreamResponse(response, body)));
        request.send(result -> {
            if (result.isFailed()) {
                headers.completeExceptionally(result.getFailure());
            } else {
                headers.complete(new UpstreamResponse(result.getResponse(), Content.Source.from(java.nio.ByteBuffer.allocate(0))));
            }
        });
        try {
            return headers.get(headersTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new GatewayException(Failure.UPSTREAM_TIMEOUT, "the upstream did not answer within "
                    + headersTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new GatewayException(Failure.INTERNAL, "interrupted while waiting for the upstream", e);
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        }
    }

    /** Maps a client-side failure to the failure table. Connect failures alone are UNREACHABLE. */
    public static GatewayException classify(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof GatewayException g) {
                return g;
            }
            if (t instanceof org.eclipse.jetty.http.HttpException bad && bad.getCode() >= 400 && bad.getCode() < 500) {
                // The client's own request body was malformed (bad chunking, early EOF): its fault, not the upstream's.
                Failure f = Failure.forStatus(bad.getCode());
                return new GatewayException(f, "the request body is not valid HTTP", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new GatewayException(Failure.UPSTREAM_UNREACHABLE, "the upstream refused or could not be reached", failure);
            }
            if (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).toLowerCase().contains("connect")) {
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
