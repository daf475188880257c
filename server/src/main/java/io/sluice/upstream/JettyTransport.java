package io.sluice.upstream;

import io.sluice.config.UpstreamConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A failure before the response began (a reset stream, a connection that died) is marked with
 * {@link UpstreamFailures#beforeResponse}, so the proxy may retry a replayable request elsewhere.
 *
 * <p>Retired ({@link #retire}), it stops its client, which holds the connections, a selector and a
 * scheduler thread, as soon as no exchange is in flight. Jetty's pool offers no safe way to close
 * only the idle ones of multiplexed connections (removing an entry in use counts as releasing it),
 * so until then they stay; an h2 upstream has few of them. A request that picked this upstream
 * just before the change and starts its exchange after the stop gets a new client, stopped again
 * when it ends: a config change must not fail it.
 */
public final class JettyTransport implements UpstreamTransport {

    /** {@link #inFlight} while retired with nothing in flight: the client is stopped (or being stopped). */
    private static final int RELEASED = -1;

    private final UpstreamConfig config;
    private final Callable<HttpClient> clients;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile HttpClient client;
    private volatile Retirement retirement;
    private volatile boolean closed;

    /** @param clients makes a started client for this upstream; called now, and again only for a late exchange once retired */
    public JettyTransport(UpstreamConfig config, Callable<HttpClient> clients) throws Exception {
        this.config = config;
        this.clients = clients;
        this.client = clients.call();
    }

    private record Retirement(Executor releaser, Runnable released) {
    }

    @Override
    public UpstreamResponse exchange(Endpoint endpoint, String method, String pathAndQuery, HttpFields headers,
                                     Content.Source body, long length, boolean replayable, ExchangeObserver observer) {
        HttpClient client = begin();
        boolean handedOver = false;
        try {
            UpstreamResponse response = exchange(client, endpoint, method, pathAndQuery, headers, body);
            handedOver = true;
            return response;
        } finally {
            if (!handedOver) {
                end();
            }
        }
    }

    private UpstreamResponse exchange(HttpClient client, Endpoint endpoint, String method, String pathAndQuery,
                                      HttpFields headers, Content.Source body) {
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
        // The response began (HTTP/2: its HEADERS frame arrived): a failure after it is not retried.
        AtomicBoolean began = new AtomicBoolean();
        request.onResponseBegin(r -> began.set(true));
        request.onResponseContentSource((response, source) -> head.complete(new JettyResponse(response, source, this::end)));
        request.send(result -> {
            if (result.isFailed()) {
                head.completeExceptionally(result.getFailure());
            } else {
                head.complete(new JettyResponse(result.getResponse(), Content.Source.from(ByteBuffer.allocate(0)), this::end));
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
            throw began.get() ? UpstreamFailures.classify(e.getCause()) : UpstreamFailures.beforeResponse(e.getCause());
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

    /** Counts an exchange in; the client it must use. */
    private HttpClient begin() {
        while (true) {
            if (closed) {
                throw new GatewayException(Failure.UPSTREAM_UNREACHABLE, "upstream " + config.id() + " was closed");
            }
            int n = inFlight.get();
            if (n >= 0) {
                if (inFlight.compareAndSet(n, n + 1)) {
                    return client; // never replaced while an exchange is counted in
                }
            } else {
                HttpClient reopened = reopen();
                if (reopened != null) {
                    return reopened;
                }
            }
        }
    }

    /** A late exchange on a released transport gets a new client; null when another thread was first. */
    private synchronized HttpClient reopen() {
        if (closed || inFlight.get() != RELEASED) {
            return null;
        }
        try {
            client = clients.call();
        } catch (Exception e) {
            throw new GatewayException(Failure.UPSTREAM_UNREACHABLE, "cannot make a client for upstream " + config.id(), e);
        }
        inFlight.set(1);
        return client;
    }

    /** Counts an exchange out: it failed, or its response was closed or discarded. */
    private void end() {
        if (inFlight.decrementAndGet() == 0 && retirement != null) {
            releaseIfIdle();
        }
    }

    /** Stops the client of a retired transport once nothing is in flight; an exchange counted in first keeps it. */
    private synchronized void releaseIfIdle() {
        Retirement r = retirement;
        if (closed || !inFlight.compareAndSet(0, RELEASED)) {
            return;
        }
        HttpClient idle = client;
        try {
            r.releaser().execute(() -> stopQuietly(idle));
        } catch (RejectedExecutionException stopping) {
            stopQuietly(idle); // the node stops: nobody waits for this exchange any more
        }
        r.released().run();
    }

    private static void stopQuietly(HttpClient client) {
        try {
            client.stop();
        } catch (Exception ignored) {
            // a client that fails to stop has nothing more to give back
        }
    }

    @Override
    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    @Override
    public void retire(Executor releaser, Runnable released) {
        retirement = new Retirement(releaser, released);
        releaseIfIdle();
    }

    @Override
    public void close() throws Exception {
        HttpClient last;
        synchronized (this) {
            closed = true;
            last = client;
        }
        last.stop();
    }

    /** Adapts Jetty's response + content source to the pull API; chunks are released one read later. */
    private static final class JettyResponse implements UpstreamResponse {
        private final Response response;
        private final Content.Source source;
        private final Runnable ended;
        private Content.Chunk previous;
        private boolean finished;
        private boolean released;

        JettyResponse(Response response, Content.Source source, Runnable ended) {
            this.response = response;
            this.source = source;
            this.ended = ended;
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
            releasePrevious();
            response.abort(why);
            source.fail(why);
            end();
        }

        @Override
        public void close() {
            releasePrevious();
            end();
        }

        /** Counts the exchange out of the transport, once. */
        private void end() {
            if (!released) {
                released = true;
                ended.run();
            }
        }

        private void releasePrevious() {
            if (previous != null) {
                previous.release();
                previous = null;
            }
        }
    }
}
