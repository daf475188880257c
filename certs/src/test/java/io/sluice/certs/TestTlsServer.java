package io.sluice.certs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real TLS server on 127.0.0.1, port 0, standing in for a node's admin port: it reads its key
 * store file afresh for every connection (as a node reloads a rotated key store), optionally
 * requires a client certificate trusted by {@code trustFile}, and keeps each accepted connection
 * open until the client closes it.
 */
final class TestTlsServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Path keyStore;
    private final Path trustStore;
    private final char[] password;
    private final Thread acceptor;
    private final AtomicInteger handshakes = new AtomicInteger();

    /** @param trustStore null: no client certificate asked for; else required and checked against it */
    TestTlsServer(Path keyStore, Path trustStore, char[] password) throws IOException {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    String target() {
        return "127.0.0.1:" + port();
    }

    /** Handshakes completed (client accepted). */
    int handshakes() {
        return handshakes.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket raw = listener.accept();
                Thread.ofVirtual().start(() -> serve(raw));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket raw) {
        try (SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket(raw, null, raw.getPort(), true)) {
            socket.setUseClientMode(false);
            socket.setNeedClientAuth(trustStore != null);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            handshakes.incrementAndGet();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // hold the connection like a server waiting for a request
            }
        } catch (Exception rejectedOrClosed) {
            // the client side reports what the test is about
        }
    }

    private SSLContext context() throws Exception {
        KeyStore keys = KeyStores.load(keyStore, password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = null;
        if (trustStore != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(KeyStores.load(trustStore, password));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.interrupt();
    }
}
