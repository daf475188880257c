package io.sluice.proxy;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The client's request body handed to the upstream client as it arrives, chunk by chunk: never
 * buffered whole. Counts bytes and fails the transfer with 413 once {@code limit} is passed (for
 * bodies without a Content-Length; declared lengths are checked before anything is read).
 */
final class ClientBody implements org.eclipse.jetty.client.Request.Content {

    private final Request request;
    private final long limit;
    private long received;

    ClientBody(Request request, long limit) {
        this.request = request;
        this.limit = limit;
    }

    @Override
    public long getLength() {
        return request.getLength();
    }

    @Override
    public String getContentType() {
        return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = request.read();
        if (Content.Chunk.isFailure(chunk) && !(chunk.getFailure() instanceof GatewayException)) {
            // The client's side failed (idle timeout mid-upload, reset, bad framing): say so, so that
            // it is not reported as an upstream failure.
            return Content.Chunk.from(clientFailure(chunk.getFailure()), chunk.isLast());
        }
        if (chunk != null && chunk.hasRemaining()) {
            received += chunk.remaining();
            if (received > limit) {
                chunk.release();
                GatewayException tooLarge = new GatewayException(Failure.BODY_TOO_LARGE,
                        "the request body is larger than " + limit + " bytes");
                request.fail(tooLarge);
                return Content.Chunk.from(tooLarge, true);
            }
        }
        return chunk;
    }

    private static GatewayException clientFailure(Throwable cause) {
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return new GatewayException(Failure.CLIENT_TIMEOUT, "the request body did not arrive in time", cause);
        }
        if (cause instanceof org.eclipse.jetty.http.HttpException bad && bad.getCode() >= 400 && bad.getCode() < 500) {
            return new GatewayException(Failure.forStatus(bad.getCode()), "the request body is not valid HTTP", cause);
        }
        return new GatewayException(Failure.MALFORMED_REQUEST, "the request body could not be read", cause);
    }

    long received() {
        return received;
    }

    @Override
    public void demand(Runnable demandCallback) {
        request.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        request.fail(failure);
    }

    @Override
    public boolean rewind() {
        return false;
    }
}
