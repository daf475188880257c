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
    private final ConnectorRouter router;
    private final QueuedThreadPool clientThreads;
    private final AtomicReference<GatewayState> state = new AtomicReference<>();
    private final InstantSource clock;
    private final RouteTable routes;
    private final java.util.concurrent.locks.ReentrantLock applying = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.ScheduledExecutorService retirement = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sluice-retire").factory());
    private final java.util.List<Upstream> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
    private UpstreamClients clients;
    private final String fileSharedYaml;
    private final io.sluice.config.ConfigLoader loader = new io.sluice.config.ConfigLoader();
    private final java.time.Instant startedAt;
    private com.hazelcast.core.HazelcastInstance hazelcast;
    private io.sluice.cluster.ConfigStore configStore;
    private io.sluice.cluster.ConfigSync configSync;
    private io.sluice.cluster.NodeRegistry registry;
    private io.sluice.cluster.DataDir dataDir;
    private io.sluice.breaker.OverrideStore overrides;
    private io.sluice.breaker.BreakerStatePublisher breakerStates;
    private io.sluice.proxy.Guards guards;

    public GatewayNode(GatewayConfig config, InstantSource clock, AccessLog accessLog) {
        this(config, null, clock, accessLog);
    }

    /**
     * @param sharedYaml the shared part of the node file as the operator wrote it (null: written out
     *                   from {@code config}); it seeds the cluster's config on its first start
     */
    public GatewayNode(GatewayConfig config, String sharedYaml, InstantSource clock, AccessLog accessLog) {
        this.config = config;
        this.startedAt = clock.instant();
        this.fileSharedYaml = sharedYaml != null ? sharedYaml : loader.writeShared(config.shared());
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
        this.router = new ConnectorRouter(graceful);
        server.setHandler(router);
        if (config.admin() != null) {
            server.addConnector(Listeners.create(server, new ListenerConfig(ConnectorRouter.ADMIN, config.admin().host(),
                    config.admin().port(), java.util.List.of("http/1.1"), null), config.limits()));
        }
    }

    public void start() throws Exception {
        clientThreads.start();
        clients = new UpstreamClients(clientThreads);
        GatewayConfig startConfig = joinCluster();
        guards = startGuards(startConfig);
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        for (UpstreamConfig u : startConfig.upstreams()) {
            upstreams.put(u.id(), new Upstream(u, io.sluice.upstream.UpstreamTransport.create(u, clients), clock));
        }
        state.set(new GatewayState(startConfig, startConfig == config ? routes : RouteTable.compile(startConfig.routes()),
                Map.copyOf(upstreams), guards));
        server.start();
        configSync.start();
        registry = new io.sluice.cluster.NodeRegistry(hazelcast, config.node().id(), this::status);
        configSync.onApplied(v -> registry.publish());
        router.setAdmin(new io.sluice.admin.AdminHandler(new io.sluice.admin.AdminApi(configStore, this::status,
                registry::all, java.util.List.of(new io.sluice.admin.TrafficAdmin(config.node().id(), hazelcast, guards,
                        overrides, state::get, clock)::register))));
        for (Connector c : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) c;
            LOG.info("node {} listening: {} on {}:{} {}", config.node().id(), sc.getName(), sc.getHost(),
                    sc.getLocalPort(), sc.getProtocols());
        }
    }

    /**
     * Starts the embedded Hazelcast member (when the config has a cluster section) and settles which
     * shared config version this node starts on: its data folder's newest, the cluster's newest, or
     * on the very first start the shared part of its file. A node whose peers are all down still
     * starts, on what it ran last.
     */
    private GatewayConfig joinCluster() {
        String nodeId = config.node().id();
        io.sluice.cluster.DataDir data = null;
        if (config.cluster() != null) {
            hazelcast = io.sluice.cluster.ClusterMember.start(config.cluster(), nodeId);
            data = new io.sluice.cluster.DataDir(config.cluster().dataPath());
            dataDir = data;
            configStore = io.sluice.cluster.ConfigStore.hazelcast(hazelcast, this::validateShared, clock);
        } else {
            configStore = io.sluice.cluster.ConfigStore.local(this::validateShared, clock);
        }
        configSync = new io.sluice.cluster.ConfigSync(nodeId, configStore, data,
                v -> apply(config.withShared(loader.parseShared(v.yaml()))));
        var seed = new io.sluice.model.ConfigVersion(1, "file:" + nodeId, "the shared part of " + nodeId + "'s config file",
                clock.instant().toString(), io.sluice.cluster.ConfigStore.sha256Of(fileSharedYaml), fileSharedYaml);
        var chosen = configSync.bootstrap(seed);
        return chosen.sha256().equals(seed.sha256()) ? config : config.withShared(loader.parseShared(chosen.yaml()));
    }

    /**
     * The node's guards: in-flight limits (node-wide cap from the file), rate limiters sharing
     * buckets through Hazelcast, and breakers whose operator overrides live in the cluster and in
     * this node's data folder, with their states published for the other nodes and the monitor.
     */
    private io.sluice.proxy.Guards startGuards(GatewayConfig startConfig) {
        String nodeId = config.node().id();
        overrides = hazelcast != null ? new io.sluice.breaker.HazelcastOverrideStore(hazelcast, dataDir)
                : new io.sluice.breaker.LocalOverrideStore(null);
        var breakers = new io.sluice.breaker.Breakers(nodeId, clock, overrides);
        breakers.configure(startConfig.upstreams());
        breakerStates = new io.sluice.breaker.BreakerStatePublisher(hazelcast, breakers, clock,
                io.sluice.breaker.BreakerStatePublisher.DEFAULT_INTERVAL);
        var limiters = new io.sluice.ratelimit.RateLimiters(nodeId, clock, hazelcast);
        limiters.configure(startConfig.rateLimits());
        return new io.sluice.proxy.Guards(new io.sluice.proxy.InFlightLimits(config.limits().maxInFlight()), limiters, breakers);
    }

    /** What a shared document must pass before the cluster accepts it: it parses, validates and its routes compile. */
    private void validateShared(String yaml) {
        var shared = loader.parseShared(yaml);
        RouteTable.compile(shared.routes());
    }

    /** This node as the registry and the admin API show it. */
    public io.sluice.model.NodeStatus status() {
        java.util.List<String> listeners = new java.util.ArrayList<>();
        for (Connector c : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) c;
            listeners.add(sc.getName() + "=" + (sc.getHost() == null ? "0.0.0.0" : sc.getHost()) + ":" + sc.getLocalPort());
        }
        var running = configSync == null ? null : configSync.running();
        String admin = listeners.stream().filter(l -> l.startsWith("admin=")).map(l -> "http://" + l.substring(6)).findFirst().orElse(null);
        return new io.sluice.model.NodeStatus(config.node().id(), admin, listeners, startedAt.toString(),
                running == null ? 0 : running.version(), configSync == null ? null : configSync.lastError(),
                clock.instant().toString(), hazelcast == null ? null : hazelcast.getCluster().getLocalMember().getAddress().toString());
    }

    public io.sluice.cluster.ConfigStore configStore() {
        return configStore;
    }

    public io.sluice.cluster.ConfigSync configSync() {
        return configSync;
    }

    public io.sluice.cluster.NodeRegistry registry() {
        return registry;
    }

    /** The embedded member, or null on a standalone node. */
    public com.hazelcast.core.HazelcastInstance hazelcast() {
        return hazelcast;
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
            guards.breakers().configure(next.upstreams());
            guards.limiters().configure(next.rateLimits());
            state.set(new GatewayState(next, nextRoutes, Map.copyOf(nextUpstreams), guards));
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
        try {
            old.stopHealthChecks(); // it gets no new requests; its checks would only add load and log noise
        } catch (Exception e) {
            LOG.warn("stopping health checks of retired upstream {} failed: {}", old.id(), e.toString());
        }
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
            leaveCluster();
        }
    }

    private void leaveCluster() throws InterruptedException {
        if (breakerStates != null) {
            breakerStates.close();
        }
        if (guards != null) {
            guards.breakers().close();
            guards.limiters().close();
        }
        if (overrides != null) {
            overrides.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (configSync != null) {
            configSync.close();
        }
        if (configStore != null) {
            configStore.close();
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
