package io.sluice.node;

import io.sluice.config.GatewayConfig;
import io.sluice.config.ListenerConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.error.ProblemErrorHandler;
import io.sluice.listener.Listeners;
import io.sluice.observe.AccessLog;
import io.sluice.proxy.GatewayState;
import io.sluice.proxy.ProxyHandler;
import io.sluice.route.RouteTable;
import io.sluice.upstream.Upstream;
import io.sluice.upstream.UpstreamClients;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway node and the composition root of the server process: builds the thread pools, the
 * Jetty server and its listeners, the upstream clients and the proxy handler from one
 * {@link GatewayConfig}, and owns their lifecycle including the graceful drain on stop.
 *
 * <p>Threads: a small platform pool runs Jetty's selectors and acceptors; every request runs on
 * its own virtual thread from a {@link VirtualThreadPool} whose concurrency cap is
 * {@code node.maxConcurrentRequests} (the no-arg default of 200 would throttle 1,000-connection
 * loads).
 */
public final class GatewayNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

    private final GatewayConfig config;
    private final Server server;
    private final GracefulHandler graceful;
    private final QueuedThreadPool clientThreads;
    private final AtomicReference<GatewayState> state = new AtomicReference<>();
    private final InstantSource clock;
    private final RouteTable routes;
    private final java.util.concurrent.locks.ReentrantLock applying = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.ScheduledExecutorService retirement = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sluice-retire").factory());
    private final java.util.List<Upstream> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
    private UpstreamClients clients;

    public GatewayNode(GatewayConfig config, InstantSource clock, AccessLog accessLog) {
        this.config = config;
        this.clock = clock;
        this.routes = RouteTable.compile(config.routes()); // fails fast on template errors, before binding ports
        QueuedThreadPool serverThreads = new QueuedThreadPool(Math.max(8, 2 * Runtime.getRuntime().availableProcessors() + 4), 4);
        serverThreads.setName("sluice-server");
        VirtualThreadPool requests = new VirtualThreadPool();
        requests.setName("sluice-request");
        requests.setMaxConcurrentTasks(config.node().maxConcurrentRequests());
        serverThreads.setVirtualThreadsExecutor(requests);
        this.server = new Server(serverThreads);
        server.setErrorHandler(new ProblemErrorHandler());
        server.setStopTimeout(config.node().drainTimeout().toMillis());
        for (ListenerConfig listener : config.listeners()) {
            server.addConnector(Listeners.create(server, listener, config.limits()));
        }
        this.clientThreads = new QueuedThreadPool(Math.max(8, 2 * Runtime.getRuntime().availableProcessors() + 4), 2);
        clientThreads.setName("sluice-upstream");
        ProxyHandler proxy = new ProxyHandler(state::get, config.node().accessLog() ? accessLog : AccessLog.OFF,
                config.node().id());
        this.graceful = new GracefulHandler(new io.sluice.websocket.WebSocketProxyHandler(proxy, state::get));
        server.setHandler(graceful);
    }

    public void start() throws Exception {
        clientThreads.start();
        clients = new UpstreamClients(clientThreads);
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        for (UpstreamConfig u : config.upstreams()) {
            upstreams.put(u.id(), new Upstream(u, io.sluice.upstream.UpstreamTransport.create(u, clients), clock));
        }
        state.set(new GatewayState(config, routes, Map.copyOf(upstreams)));
        server.start();
        for (Connector c : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) c;
            LOG.info("node {} listening: {} on {}:{} {}", config.node().id(), sc.getName(), sc.getHost(),
                    sc.getLocalPort(), sc.getProtocols());
        }
    }

    /** The bound port of the named listener (useful when the config asked for port 0). */
    public int port(String listenerName) {
        for (Connector c : server.getConnectors()) {
            if (listenerName.equals(c.getName())) {
                return ((ServerConnector) c).getLocalPort();
            }
        }
        throw new IllegalArgumentException("no listener named " + listenerName);
    }

    public GatewayConfig config() {
        return config;
    }

    /** The config the node runs now (the start config until {@link #apply} replaced its routes and upstreams). */
    public GatewayConfig currentConfig() {
        return state.get().config();
    }

    /**
     * Replaces routes and upstreams while traffic flows. Everything is validated and built before
     * anything is replaced; on any error the running config stays and the error names the field.
     * The swap is one atomic reference update: a request in flight keeps the snapshot it started
     * with. Upstreams whose config is unchanged are kept (with their warm pools); upstreams that
     * left are closed only after their whole-request timeout, so requests still using them finish.
     * Listeners, node settings and limits are bound to sockets and threads: changing them needs a
     * restart, and such a config is rejected rather than half applied.
     */
    public void apply(GatewayConfig next) throws Exception {
        applying.lock();
        try {
            GatewayState current = state.get();
            GatewayConfig running = current.config();
            if (!next.listeners().equals(running.listeners())) {
                throw new io.sluice.config.ConfigException("listeners", "listeners change only with a restart");
            }
            if (!next.node().equals(running.node())) {
                throw new io.sluice.config.ConfigException("node", "node settings change only with a restart");
            }
            if (!next.limits().equals(running.limits())) {
                throw new io.sluice.config.ConfigException("limits", "limits change only with a restart");
            }
            RouteTable nextRoutes = RouteTable.compile(next.routes());
            Map<String, Upstream> nextUpstreams = new LinkedHashMap<>();
            java.util.List<Upstream> created = new java.util.ArrayList<>();
            try {
                for (UpstreamConfig u : next.upstreams()) {
                    Upstream old = current.upstreams().get(u.id());
                    if (old != null && old.config().equals(u)) {
                        nextUpstreams.put(u.id(), old);
                    } else {
                        Upstream fresh = new Upstream(u, io.sluice.upstream.UpstreamTransport.create(u, clients), clock);
                        created.add(fresh);
                        nextUpstreams.put(u.id(), fresh);
                    }
                }
            } catch (Exception e) {
                for (Upstream u : created) {
                    u.close();
                }
                throw e;
            }
            state.set(new GatewayState(next, nextRoutes, Map.copyOf(nextUpstreams)));
            for (Upstream old : current.upstreams().values()) {
                if (nextUpstreams.get(old.id()) != old) {
                    retire(old);
                }
            }
            LOG.info("node {} applied a new config: {} routes, {} upstreams", running.node().id(),
                    next.routes().size(), next.upstreams().size());
        } finally {
            applying.unlock();
        }
    }

    private void retire(Upstream old) {
        retired.add(old);
        retirement.schedule(() -> {
            if (retired.remove(old)) {
                closeQuietly(old);
            }
        }, old.config().timeouts().request().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(Upstream u) {
        try {
            u.close();
        } catch (Exception e) {
            LOG.warn("closing upstream {} failed: {}", u.id(), e.toString());
        }
    }

    /**
     * Graceful stop: refuse new connections, let in-flight requests finish (HTTP/1.1 and HTTP/2)
     * for up to {@code node.drainTimeout}, then stop. The GracefulHandler is shut down before
     * {@code server.stop()} because stopping first drops in-flight HTTP/2 streams (jetty#15368).
     */
    public void stop() throws Exception {
        Duration drain = config.node().drainTimeout();
        long deadline = System.nanoTime() + drain.toNanos();
        for (Connector c : server.getConnectors()) {
            ((ServerConnector) c).close();
        }
        try {
            graceful.shutdown().get(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("drain timed out after {}; {} requests still in flight are cut off", drain, graceful.getCurrentRequestCount());
        }
        server.setStopTimeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try {
            server.stop();
        } catch (TimeoutException e) {
            LOG.warn("server stop timed out; remaining connections were closed");
        } finally {
            for (Upstream u : state.get() == null ? java.util.List.<Upstream>of() : state.get().upstreams().values()) {
                closeQuietly(u);
            }
            retirement.shutdownNow();
            for (Upstream u : retired) {
                closeQuietly(u);
            }
            retired.clear();
            clientThreads.stop();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
