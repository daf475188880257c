package io.sluice.node;

import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Sends requests that arrived on the admin listener to the admin handler and everything else to
 * the proxy, so the admin API can never be reached through a client listener (whatever the Host
 * or path) and the proxy never sees admin traffic.
 *
 * <p>It also makes sure every request runs on a virtual thread. Jetty runs the first HTTP/1.1
 * request after a TLS handshake on the platform thread that did the handshake (seen in thread
 * names in the event-stream tests); later requests on the connection run on virtual threads. The
 * proxy blocks on its upstream and admin calls may block for minutes (the event stream, a
 * profile), so such a request moves to a virtual thread rather than hold one of the few server
 * threads.
 */
final class ConnectorRouter extends Handler.Wrapper {

    static final String ADMIN = "admin";

    private volatile Handler admin;

    ConnectorRouter(Handler proxy) {
        super(proxy);
    }

    void setAdmin(Handler admin) {
        this.admin = admin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Thread.currentThread().isVirtual()) {
            Executor virtual = VirtualThreads.getVirtualThreadsExecutor(request.getComponents().getThreadPool());
            if (virtual != null) {
                virtual.execute(() -> {
                    try {
                        if (!route(request, response, callback)) {
                            Response.writeError(request, response, callback, 404);
                        }
                    } catch (Throwable t) {
                        callback.failed(t);
                    }
                });
                return true;
            }
        }
        return route(request, response, callback);
    }

    private boolean route(Request request, Response response, Callback callback) throws Exception {
        if (ADMIN.equals(request.getConnectionMetaData().getConnector().getName())) {
            Handler a = admin;
            if (a == null) {
                Response.writeError(request, response, callback, 503, "the node is starting");
                return true;
            }
            return a.handle(request, response, callback);
        }
        return super.handle(request, response, callback);
    }
}
