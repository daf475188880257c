package io.sluice.certs;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.util.IPAddress;

/**
 * One real TLS handshake as a client (presenting a certificate if given, verifying the server's
 * chain and host name), reporting what the server presented. Used by {@code certs probe} to see
 * which certificate a node serves right now, e.g. after a rotation.
 *
 * <p>Every probe uses a fresh {@link SSLContext}, so no session is resumed: a resumed session
 * would report the certificate of the first handshake, not the one the server serves now. In
 * TLS 1.3 the server judges the client certificate only after the client's handshake has
 * finished, so after the handshake the probe waits {@code settle} for a rejection alert before
 * it calls the handshake good.
 */
final class TlsProbe {

    /** Where to connect; {@code [v6]:port} for IPv6. */
    record Target(String host, int port) {

        Target {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, got " + port);
            }
        }

        /** Parses {@code host:port} or {@code [v6]:port}. */
        static Target parse(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "" : text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                host = "";
            }
            try {
                if (!host.isBlank()) {
                    return new Target(host, Integer.parseInt(text.substring(colon + 1)));
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new CliArgs.UsageException("invalid target '" + text + "': expected HOST:PORT (IPv6 as [::1]:PORT)");
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * What one probe saw.
     *
     * @param serverChain the server's chain, leaf first; empty if the handshake failed before it was received
     * @param error why the handshake failed, or null if it succeeded
     */
    record Result(Target target, String protocol, List<X509Certificate> serverChain, String error) {

        boolean ok() {
            return error == null;
        }

        /** The server's own certificate, or null. */
        X509Certificate server() {
            return serverChain.isEmpty() ? null : serverChain.getFirst();
        }
    }

    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers;
    private final boolean presentsCertificate;
    private final String serverName;
    private final int timeoutMillis;
    private final int settleMillis;

    /**
     * @param clientKeys the key store to present (null for none)
     * @param trust the CAs to trust (null for the JDK's default trust store)
     * @param serverName the name to send as SNI and to check the certificate against (null: the host)
     */
    TlsProbe(KeyStore clientKeys, char[] password, KeyStore trust, String serverName, Duration timeout,
            Duration settle) {
        try {
            if (clientKeys != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(clientKeys, password);
                this.keyManagers = kmf.getKeyManagers();
            } else {
                this.keyManagers = null;
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            this.trustManagers = tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key or trust store: " + e.getMessage(), e);
        }
        this.presentsCertificate = clientKeys != null;
        this.serverName = serverName;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.settleMillis = Math.toIntExact(settle.toMillis());
    }

    Result probe(Target target) {
        Certificate[] chain = new Certificate[0];
        String protocol = null;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            Socket raw = new Socket();
            raw.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            String peer = serverName != null ? serverName : target.host();
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, peer, target.port(), true)) {
                SSLParameters params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (serverName != null && !IPAddress.isValid(serverName)) {
                    params.setServerNames(List.of(new SNIHostName(serverName)));
                }
                socket.setSSLParameters(params);
                socket.setSoTimeout(timeoutMillis);
                socket.startHandshake();
                chain = socket.getSession().getPeerCertificates();
                protocol = socket.getSession().getProtocol();
                settle(socket);
            }
            return new Result(target, protocol, x509(chain), null);
        } catch (IOException | GeneralSecurityException e) {
            return new Result(target, protocol, x509(chain), describe(e));
        }
    }

    /** Waits briefly for the server's verdict on our certificate (TLS 1.3 sends it after our Finished). */
    private void settle(SSLSocket socket) throws IOException {
        socket.setSoTimeout(settleMillis);
        try {
            if (socket.getInputStream().read() < 0) {
                throw new SSLException("the server closed the connection right after the handshake"
                        + (presentsCertificate ? " (did it reject the client certificate?)" : " (does it require a client certificate? pass --cert)"));
            }
        } catch (SocketTimeoutException quiet) {
            // no alert: the server accepted us and waits for a request
        }
    }

    private String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ConnectException) {
            return "cannot connect: " + message;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out after " + timeoutMillis + " ms: " + message;
        }
        if (!(e instanceof SSLException)) {
            return message;
        }
        String hint = "";
        if (message.contains("PKIX path") || message.contains("certification path")) {
            hint = " (the server's certificate is not issued by a CA in the trust store: pass --trust with its CA)";
        } else if (message.contains("No subject alternative") || message.contains("No name matching")) {
            hint = " (the certificate does not name this host: pass --server-name with a name it holds)";
        } else if (message.contains("certificate_required") || message.contains("bad_certificate")
                || message.contains("unknown_ca") || message.contains("certificate_unknown")) {
            hint = presentsCertificate
                    ? " (the server did not accept our client certificate: is it issued by a CA the server trusts?)"
                    : " (the server requires a client certificate: pass --cert)";
        }
        return "handshake failed: " + message + hint;
    }

    private static List<X509Certificate> x509(Certificate[] chain) {
        return Arrays.stream(chain).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
    }
}
