package io.sluice.admin;

import io.sluice.cluster.ConfigBusyException;
import io.sluice.cluster.VersionConflictException;
import io.sluice.config.ConfigException;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.error.ProblemResponses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of a node under {@code /admin/v1}: a small table of method + path pattern →
 * action, each a few lines that call into the node. Errors are problem+json like everything else
 * Sluice answers; an invalid config names the field path, the value and why.
 *
 * <p>Authorization comes first: the admin port's TLS handshake requires a client certificate from
 * the cluster CA, and the role in it decides ({@link AdminCaller}): {@code GET} needs viewer,
 * operator or node; every other method needs operator. A refused call gets 403 with nothing about
 * the resource, and is logged with the caller's subject.
 */
public final class AdminHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    /** An admin action; path groups of the route's pattern come in {@code path}. */
    @FunctionalInterface
    public interface Action {
        void handle(AdminExchange exchange, Matcher path) throws Exception;
    }

    private record Route(String method, Pattern path, Action action) {
    }

    private final List<Route> routes = new ArrayList<>();

    public AdminHandler(AdminApi api) {
        api.register(this);
    }

    void on(String method, String pathRegex, Action action) {
        onPath(method, "/admin/v1" + pathRegex, action);
    }

    /** A resource outside {@code /admin/v1} (Prometheus expects {@code /metrics}). */
    void onPath(String method, String fullPathRegex, Action action) {
        routes.add(new Route(method, Pattern.compile(fullPathRegex), action));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        try {
            AdminCaller caller = authorize(request, path);
            AdminExchange exchange = new AdminExchange(request, response, caller);
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(request.getMethod())) {
                        r.action().handle(exchange, m);
                        callback.succeeded();
                        return true;
                    }
                }
            }
            throw pathKnown ? new GatewayException(Failure.METHOD_NOT_ALLOWED, request.getMethod() + " is not allowed here")
                    : new GatewayException(Failure.NOT_FOUND, "no admin resource at " + path);
        } catch (GatewayException e) {
            fail(request, response, callback, e);
        } catch (ConfigException e) {
            fail(request, response, callback, new GatewayException(Failure.INVALID_CONFIG, e.getMessage()));
        } catch (VersionConflictException e) {
            fail(request, response, callback, new GatewayException(Failure.VERSION_CONFLICT, e.getMessage()));
        } catch (ConfigBusyException e) {
            fail(request, response, callback, new GatewayException(Failure.CONFIG_BUSY, e.getMessage()).withHeader("Retry-After", "1"));
        } catch (IOException e) {
            callback.failed(e);
        } catch (Exception e) {
            LOG.warn("admin call {} {} failed", request.getMethod(), path, e);
            fail(request, response, callback, new GatewayException(Failure.INTERNAL, "the admin call failed; see the node log"));
        }
        return true;
    }

    private static AdminCaller authorize(Request request, String path) {
        AdminCaller caller = AdminCaller.of(request);
        if (caller == null) {
            // Not reachable through the admin connector (it requires a certificate); kept for safety.
            throw new GatewayException(Failure.UNAUTHENTICATED, "a client certificate is required");
        }
        boolean reading = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (reading ? !caller.mayRead() : !caller.mayAct()) {
            LOG.warn("admin call {} {} refused: {} has role {}", request.getMethod(), path, caller.subject(),
                    caller.role() == null ? "(none)" : caller.role());
            throw new GatewayException(Failure.FORBIDDEN, "this certificate's role may not do that");
        }
        return caller;
    }

    private static void fail(Request request, Response response, Callback callback, GatewayException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        AdminExchange.discardBody(request);
        ProblemResponses.write(request, response, callback,
                ProblemResponses.problem(e.failure(), e.getMessage(), request.getHttpURI().getPath(), null), e.headers());
    }
}
