package io.sluice.cluster;

import io.sluice.demo.DemoUpstream;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A demo upstream that counts the requests it received, to prove a guard kept them away. */
final class CountingUpstream implements AutoCloseable {

    final AtomicInteger requests = new AtomicInteger();
    final Server server = new Server();
    final ServerConnector connector = new ServerConnector(server);

    CountingUpstream(String name) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Wrapper(new DemoUpstream(name)) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                return super.handle(request, response, callback);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
