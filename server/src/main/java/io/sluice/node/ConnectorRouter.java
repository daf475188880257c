package io.sluice.node;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends requests that arrived on the admin listener to the admin handler and everything else to
 * the proxy, so the admin API can never be reached through a client listener (whatever the Host
 * or path) and the proxy never sees admin traffic.
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
