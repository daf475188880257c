package io.sluice.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The demo upstream: a small real HTTP server (HTTP/1.1 and h2c on one port) that the demo and the
 * integration tests put behind the gateway. Paths:
 * <ul>
 *   <li>{@code /small} 100 bytes; {@code /16k} 16 KiB; {@code /delay?ms=20} waits, then 100 bytes;</li>
 *   <li>{@code /echo} answers the request line, headers and body size as text (body streamed, never held);</li>
 *   <li>{@code /bytes?n=N} streams N bytes without Content-Length (chunked);</li>
 *   <li>{@code /stall?ms=N} sends 1 KiB, stalls N ms, then ends (idle-timeout tests);</li>
 *   <li>{@code /status?code=N} answers status N; {@code /trailers} sends a body then trailers;</li>
 *   <li>anything else: 200 with the path, so routes are easy to see.</li>
 * </ul>
 */
public final class DemoUpstream extends Handler.Abstract {

    private static final byte[] SMALL = filled(100);
    private static final byte[] SIXTEEN_K = filled(16 * 1024);
    private final String name;

    public DemoUpstream(String name) {
        this.name = name;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** Starts a demo upstream on {@code port} (0 = any) and returns the running server. */
    public static Server start(String name, String host, int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("upstream-" + name);
        VirtualThreadPool virtual = new VirtualThreadPool();
        virtual.setMaxConcurrentTasks(10_000);
        threads.setVirtualThreadsExecutor(virtual);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(new DemoUpstream(name));
        server.start();
        return server;
    }

    /** Starts a TLS demo upstream speaking h2 and http/1.1 (ALPN) with the given PKCS12 key store. */
    public static Server startTls(String name, String keyStore, String password) throws Exception {
        return startTls(name, keyStore, password, null);
    }

    /**
     * Like {@link #startTls(String, String, String)}; with a {@code trustStore} (PKCS12, same
     * password) the upstream requires a client certificate that chains to it: an mTLS upstream.
     */
    public static Server startTls(String name, String keyStore, String password, String trustStore) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
        org.eclipse.jetty.util.ssl.SslContextFactory.Server tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        tls.setKeyStorePath(keyStore);
        tls.setKeyStorePassword(password);
        tls.setKeyStoreType("PKCS12");
        if (trustStore != null) {
            tls.setTrustStorePath(trustStore);
            tls.setTrustStorePassword(password);
            tls.setTrustStoreType("PKCS12");
            tls.setNeedClientAuth(true);
        }
        var alpn = new org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.SslConnectionFactory(tls, alpn.getProtocol()),
                alpn, new org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory(http), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new DemoUpstream(name));
        server.start();
        return server;
    }

    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Fields query = Request.extractQueryParameters(request);
        response.getHeaders().put("X-Upstream", name);
        switch (path) {
            case "/small" -> fixed(response, callback, SMALL);
            case "/16k" -> fixed(response, callback, SIXTEEN_K);
            case "/delay" -> {
                Thread.sleep(query.getValue("ms") == null ? 20 : Long.parseLong(query.getValue("ms")));
                fixed(response, callback, SMALL);
            }
            case "/echo" -> echo(request, response, callback);
            case "/stall" -> {
                // 1 KiB of body, then silence for ms, then the end: for idle-timeout tests
                Content.Sink.write(response, false, ByteBuffer.wrap(filled(1024)));
                Thread.sleep(Long.parseLong(query.getValue("ms")));
                response.write(true, ByteBuffer.allocate(0), callback);
            }
            case "/bytes" -> stream(response, callback, Long.parseLong(query.getValue("n")));
            case "/status" -> {
                response.setStatus(Integer.parseInt(query.getValue("code")));
                fixed(response, callback, ("status " + response.getStatus()).getBytes(StandardCharsets.UTF_8));
            }
            case "/trailers" -> {
                HttpFields.Mutable trailers = HttpFields.build();
                response.setTrailersSupplier(() -> trailers);
                Content.Sink.write(response, false, "body-before-trailers", Callback.NOOP);
                trailers.put("X-Checksum", "abc123");
                response.write(true, ByteBuffer.allocate(0), callback);
            }
            default -> fixed(response, callback, (name + " " + request.getMethod() + " " + request.getHttpURI().getPathQuery())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }

    private static void fixed(Response response, Callback callback, byte[] body) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Reads the body to the end counting bytes, then describes the request. */
    private void echo(Request request, Response response, Callback callback) throws Exception {
        long bytes = 0;
        while (true) {
            Content.Chunk chunk = io.sluice.upstream.Blocking.read(request);
            if (Content.Chunk.isFailure(chunk)) {
                throw new java.io.IOException(chunk.getFailure());
            }
            bytes += chunk.remaining();
            chunk.release();
            if (chunk.isLast()) {
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(request.getMethod()).append(' ').append(request.getHttpURI().getPathQuery()).append('\n');
        for (HttpField f : request.getHeaders()) {
            sb.append(f.getName().toLowerCase()).append(": ").append(f.getValue()).append('\n');
        }
        sb.append("body-bytes: ").append(bytes).append('\n');
        fixed(response, callback, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void stream(Response response, Callback callback, long n) throws Exception {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        byte[] block = filled(64 * 1024);
        long left = n;
        while (left > 0) {
            int len = (int) Math.min(block.length, left);
            left -= len;
            try (var written = org.eclipse.jetty.util.Blocker.callback()) {
                response.write(false, ByteBuffer.wrap(block, 0, len), written);
                written.block();
            }
        }
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    /** {@code java -cp ... io.sluice.demo.DemoUpstream [port] [name]} */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
        String name = args.length > 1 ? args[1] : "demo";
        Server server = start(name, "127.0.0.1", port);
        System.out.println("demo upstream " + name + " listening on 127.0.0.1:" + port(server));
        server.join();
    }
}
