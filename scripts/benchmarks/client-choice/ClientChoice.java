import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The upstream-client choice, measured: the same minimal Jetty 12 + virtual-thread proxy (GET only,
 * body buffered up to 64 KiB, Content-Length answers) with three ways to call the upstream
 * blockingly from the request's virtual thread:
 *   jetty  - Jetty HttpClient (InputStreamResponseListener)
 *   jdk    - java.net.http.HttpClient (send, ofByteArray)
 *   socket - a keep-alive java.net.Socket pool read by the virtual thread itself (Sluice's h1 transport idea)
 * Usage: java -cp <server/target/lib/*> ClientChoice.java MODE PORT UPSTREAM_PORT   (see run.sh)
 */
public class ClientChoice extends Handler.Abstract {
    final String mode;
    final int upstreamPort;
    final HttpClient jetty;
    final java.net.http.HttpClient jdk;
    final ConcurrentLinkedDeque<Socket> pool = new ConcurrentLinkedDeque<>();

    ClientChoice(String mode, int upstreamPort) throws Exception {
        this.mode = mode;
        this.upstreamPort = upstreamPort;
        this.jetty = new HttpClient();
        jetty.setMaxConnectionsPerDestination(2048);
        jetty.setUserAgentField(null);
        jetty.start();
        jetty.getContentDecoderFactories().clear();
        this.jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public boolean handle(Request req, Response resp, Callback cb) throws Exception {
        String target = "http://127.0.0.1:" + upstreamPort + req.getHttpURI().getPathQuery();
        byte[] body;
        switch (mode) {
            case "jetty" -> {
                InputStreamResponseListener l = new InputStreamResponseListener();
                jetty.newRequest(target).send(l);
                l.get(10, TimeUnit.SECONDS);
                try (InputStream in = l.getInputStream()) {
                    body = in.readAllBytes();
                }
            }
            case "jdk" -> body = jdk.send(java.net.http.HttpRequest.newBuilder(URI.create(target)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            default -> body = viaSocket(req.getHttpURI().getPathQuery());
        }
        resp.setStatus(200);
        resp.getHeaders().put("Content-Length", body.length);
        resp.write(true, ByteBuffer.wrap(body), cb);
        return true;
    }

    byte[] viaSocket(String pathQuery) throws Exception {
        Socket s = pool.pollFirst();
        if (s == null) {
            s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", upstreamPort));
        }
        OutputStream out = s.getOutputStream();
        out.write(("GET " + pathQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes());
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        int n = 0;
        int headEnd = -1;
        int length = -1;
        while (headEnd < 0 || n < headEnd + length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                throw new EOFException();
            }
            n += r;
            if (headEnd < 0) {
                String h = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                int i = h.indexOf("\r\n\r\n");
                if (i >= 0) {
                    headEnd = i + 4;
                    int c = h.toLowerCase().indexOf("content-length:");
                    length = Integer.parseInt(h.substring(c + 15, h.indexOf('\r', c)).trim());
                }
            }
        }
        pool.addFirst(s);
        return java.util.Arrays.copyOfRange(buf, headEnd, headEnd + length);
    }

    public static void main(String[] a) throws Exception {
        QueuedThreadPool qtp = new QueuedThreadPool();
        VirtualThreadPool v = new VirtualThreadPool();
        v.setMaxConcurrentTasks(20000);
        qtp.setVirtualThreadsExecutor(v);
        Server server = new Server(qtp);
        HttpConfiguration hc = new HttpConfiguration();
        hc.setSendDateHeader(false);
        hc.setSendServerVersion(false);
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(hc));
        c.setPort(Integer.parseInt(a[1]));
        c.setHost("127.0.0.1");
        c.setAcceptQueueSize(4096);
        server.addConnector(c);
        server.setHandler(new ClientChoice(a[0], Integer.parseInt(a[2])));
        server.start();
        server.join();
    }
}
