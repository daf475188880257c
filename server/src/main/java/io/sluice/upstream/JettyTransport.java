package io.sluice.upstream;

import io.sluice.config.UpstreamConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.ContentSourceRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

/**
 * HTTP/2 upstreams (h2c, h2) through Jetty's pooled, multiplexing {@link HttpClient}. The client
 * delivers the response head on its own thread; {@link #exchange} is the single hand-off point
 * back to the request's thread, and the body is then pulled chunk by chunk with a blocking read.
 *
 * <p>Connections are opened by the client on its own threads for whichever queued request needs
 * one (and an h2 connection then carries many requests), so no exchange can cheaply claim a connect
 * as its own: the {@link ExchangeObserver} is never called, and connect times reach only the
 * upstream's metrics ({@link UpstreamClients}).
 */
public final class JettyTransport implements UpstreamTransport {

    private final UpstreamConfig config;
    private final HttpClient client;

    public JettyTransport(UpstreamConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public UpstreamResponse exchange(Endpoint endpoint, String method, String pathAndQuery, HttpFields headers,
                                     Content.Source body, long length, boolean replayable, ExchangeObserver observer) {
        // host/port/path rather than one URI string: Jetty accepts query characters ('|', '{', a lone
        // '%') that java.net.URI rejects, and those requests must pass, not fail with 500.
        Request request = client.newRequest(endpoint.uri().getHost(), endpoint.port())
                .scheme(endpoint.uri().getScheme())
                .path(pathAndQuery)
                .method(method)
                .timeout(config.timeouts().request().toMillis(), TimeUnit.MILLISECONDS)
                .idleTimeout(config.timeouts().idle().toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    // HTTP/2 carries the authority in :authority, which Jetty takes from the endpoint;
                    // a Host header that differs from it makes the request malformed (RFC 9113 8.3.1).
                    for (var field : headers) {
                        if (field.getHeader() != org.eclipse.jetty.http.HttpHeader.HOST) {
                            h.add(field);
                        }
                    }
                });
        if (body != null) {
            request.body(body instanceof Request.Content c ? c : new ContentSourceRequestContent(body));
        }
        CompletableFuture<JettyResponse> head = new CompletableFuture<>();
        request.onResponseContentSource((response, source) -> head.complete(new JettyResponse(response, source)));
        request.send(result -> {
            if (result.isFailed()) {
                head.completeExceptionally(result.getFailure());
            } else {
                head.complete(new JettyResponse(result.getResponse(), Content.Source.from(ByteBuffer.allocate(0))));
            }
        });
        long timeout = config.timeouts().responseHeaders().toNanos();
        try {
            return head.get(timeout, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new GatewayException(Failure.UPSTREAM_TIMEOUT, "the upstream did not answer within "
                    + config.timeouts().responseHeaders().toMillis() + " ms");
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new GatewayException(Failure.INTERNAL, "interrupted while waiting for the upstream", e);
        } catch (ExecutionException e) {
            throw UpstreamFailures.classify(e.getCause());
        }
    }

    /** From the client's connection pools, one per endpoint; for h2, active means carrying at least one stream. */
    @Override
    public PoolUse poolUse() {
        int active = 0;
        int idle = 0;
        for (Destination destination : client.getDestinations()) {
            if (destination.getConnectionPool() instanceof AbstractConnectionPool pool) {
                active += pool.getActiveConnectionCount();
                idle += pool.getIdleConnectionCount();
            }
        }
        return new PoolUse(active, idle);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    /** Adapts Jetty's response + content source to the pull API; chunks are released one read later. */
    private static final class JettyResponse implements UpstreamResponse {
        private final Response response;
        private final Content.Source source;
        private Content.Chunk previous;
        private boolean finished;
        private boolean released;

        JettyResponse(Response response, Content.Source source) {
            this.response = response;
            this.source = source;
        }

        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public HttpFields headers() {
            return response.getHeaders();
        }

        @Override
        public ByteBuffer read() throws IOException {
            releasePrevious();
            if (finished) {
                return null;
            }
            Content.Chunk chunk = Blocking.read(source);
            if (Content.Chunk.isFailure(chunk)) {
                throw UpstreamFailures.classify(chunk.getFailure());
            }
            previous = chunk;
            finished = chunk.isLast();
            return chunk.getByteBuffer();
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public HttpFields trailers() {
            HttpFields trailers = response.getTrailers();
            return trailers == null || trailers.size() == 0 ? null : trailers;
        }

        @Override
        public void discard(Throwable why) {
            if (released) {
                return;
            }
            released = true;
            releasePrevious();
            response.abort(why);
            source.fail(why);
        }

        @Override
        public void close() {
            released = true;
            releasePrevious();
        }

        private void releasePrevious() {
            if (previous != null) {
                previous.release();
                previous = null;
            }
        }
    }
}
