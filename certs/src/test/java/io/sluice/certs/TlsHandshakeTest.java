package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the minted stores work with the JDK's own JSSE (SunJSSE), TLS 1.3, EC keys, no BouncyCastle provider. */
class TlsHandshakeTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final int TIMEOUT_MS = 10_000;

    private static CertificateAuthority ca;
    private static IssuedCertificate node;
    private static ExecutorService serverThread;

    @TempDir
    Path dir;

    @BeforeAll
    static void mint() {
        ca = CertificateAuthority.create("TLS Test CA", Duration.ofDays(1));
        node = ca.issueNode("node-1", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        serverThread = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        serverThread.shutdownNow();
    }

    @Test
    void shouldCompleteTls13HandshakeWhenClientTrustsOnlyTheCa() throws Exception {
        Path keystoreFile = dir.resolve("node-1.p12");
        KeyStores.writeAtomically(KeyStores.keyStore(node, "node-1", PASSWORD), keystoreFile, PASSWORD);

        SSLSession session = handshake(KeyStores.load(keystoreFile, PASSWORD), null, null,
                KeyStores.trustStore(ca.certificate()));

        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(session.getPeerCertificates()).containsExactly(node.certificate(), ca.certificate());
        assertThat(Security.getProvider("BC")).as("no BouncyCastle provider needed").isNull();
    }

    @Test
    void shouldFailHandshakeWhenClientTrustsDifferentCa() {
        CertificateAuthority stranger = CertificateAuthority.create("Stranger CA", Duration.ofDays(1));

        assertThatThrownBy(() -> handshake(KeyStores.keyStore(node, "node-1", PASSWORD), null, null,
                KeyStores.trustStore(stranger.certificate())))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldAuthenticateBothSidesWhenServerRequiresClientCertificate() throws Exception {
        IssuedCertificate client = ca.issueClient("alice", Duration.ofDays(1));
        KeyStore trust = KeyStores.trustStore(ca.certificate());

        SSLSession session = handshake(KeyStores.keyStore(node, "node-1", PASSWORD), trust,
                KeyStores.keyStore(client, "alice", PASSWORD), trust);

        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(session.getLocalCertificates()[0]).isEqualTo(client.certificate());
    }

    /**
     * Runs one server-side accept on 127.0.0.1 and one client handshake with hostname verification,
     * echoing a byte to make sure application data flows; returns the client's session.
     */
    private static SSLSession handshake(KeyStore serverKeys, KeyStore serverTrust, KeyStore clientKeys,
            KeyStore clientTrust) throws Exception {
        SSLContext serverContext = context(serverKeys, serverTrust);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            server.setNeedClientAuth(serverTrust != null);
            server.setSoTimeout(TIMEOUT_MS);
            Future<?> served = serverThread.submit(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(TIMEOUT_MS);
                    socket.getOutputStream().write(socket.getInputStream().read());
                    socket.getOutputStream().flush();
                } catch (IOException expectedWhenClientRejects) {
                    // the client side reports the failure the test is about
                }
                return null;
            });
            try (SSLSocket socket = (SSLSocket) context(clientKeys, clientTrust).getSocketFactory()
                    .createSocket("127.0.0.1", server.getLocalPort())) {
                socket.setSoTimeout(TIMEOUT_MS);
                SSLParameters params = socket.getSSLParameters();
                params.setProtocols(new String[] {"TLSv1.3"});
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                socket.startHandshake();
                socket.getOutputStream().write(42);
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().read()).isEqualTo(42);
                return socket.getSession();
            } finally {
                served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static SSLContext context(KeyStore keys, KeyStore trust) throws Exception {
        KeyManagerFactory kmf = null;
        if (keys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
        }
        TrustManagerFactory tmf = null;
        if (trust != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return context;
    }
}
