package io.sluice.node;

import com.hazelcast.core.HazelcastInstance;
import io.sluice.admin.AdminApi;
import io.sluice.admin.AdminHandler;
import io.sluice.admin.EventsAdmin;
import io.sluice.admin.NodeAdmin;
import io.sluice.events.LiveEvents;
import io.sluice.events.TrafficMeter;
import io.sluice.admin.ProfileAdmin;
import io.sluice.profile.Profiler;
import io.sluice.observe.Metrics;
import io.sluice.observe.RequestMetrics;
import io.sluice.observe.UpstreamMetrics;
import io.sluice.admin.TraceAdmin;
import io.sluice.trace.Tracer;
import io.sluice.admin.TrafficAdmin;
import io.sluice.auth.Authenticators;
import io.sluice.breaker.BreakerStatePublisher;
import io.sluice.breaker.Breakers;
import io.sluice.breaker.HazelcastOverrideStore;
import io.sluice.breaker.LocalOverrideStore;
import io.sluice.breaker.OverrideStore;
import io.sluice.cluster.ClusterMember;
import io.sluice.cluster.ConfigStore;
import io.sluice.cluster.ConfigSync;
import io.sluice.cluster.DataDir;
import io.sluice.cluster.NodeRegistry;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.GatewayConfig;
import io.sluice.config.ListenerConfig;
import io.sluice.config.UpstreamConfig;
import io.sluice.error.ProblemErrorHandler;
import io.sluice.listener.Listeners;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.tls.CertificateInventory;
import io.sluice.tls.HandshakeLog;
import io.sluice.tls.IdentityWatch;
import io.sluice.tls.KeyStoreWatcher;
import io.sluice.tls.NodeCredentials;
import io.sluice.tls.TlsContexts;
import io.sluice.model.ConfigVersion;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import io.sluice.Main;
import io.sluice.observe.AccessLog;
import io.sluice.proxy.GatewayState;
import io.sluice.proxy.Guards;
import io.sluice.proxy.InFlightLimits;
import io.sluice.proxy.ProxyHandler;
import io.sluice.ratelimit.RateLimiters;
import io.sluice.route.RouteTable;
import io.sluice.upstream.Upstream;
import io.sluice.upstream.UpstreamClients;
import io.sluice.upstream.UpstreamTransport;
import io.sluice.websocket.WebSocketProxyHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
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
    private final ReentrantLock applying = new ReentrantLock();
    /** Deadlines of retired upstreams; a cancelled one (its upstream closed early) leaves the queue at once. */
    private final ScheduledThreadPoolExecutor retirement = retirementExecutor();
    private final List<Upstream> retired = new CopyOnWriteArrayList<>();
    private UpstreamClients clients;
    private final String fileSharedYaml;
    private final ConfigLoader loader = new ConfigLoader();
    private final Instant startedAt;
    private HazelcastInstance hazelcast;
    private ConfigStore configStore;
    private ConfigSync configSync;
    private NodeRegistry registry;
    private DataDir dataDir;
    private OverrideStore overrides;
    private BreakerStatePublisher breakerStates;
    private Guards guards;
    /** Polls every key and trust store the node uses and reloads what changed (certificate rotation). */
    private final KeyStoreWatcher keyStores = new KeyStoreWatcher(Duration.ofSeconds(1));
    private final TlsContexts tls;
    private final Metrics metrics = new Metrics();
    /** Connect times and pool use per upstream (registers itself in the node's registry). */
    private final UpstreamMetrics upstreamMetrics = new UpstreamMetrics(metrics.registry(),
            () -> state.get() == null ? List.of() : state.get().upstreams().values());
    /** Request traces (node.tracing): spans per request, kept ones in ring buffers for the admin API. */
    private final Tracer tracer;
    /** The live stream (admin /events): breaker, health, config and trace events, a metrics snapshot each second. */
    private final LiveEvents events;
    /** On-demand JFR profiles for the admin API; closed first on stop, so a running one ends with what it has. */
    private Profiler profiler;
    /** The node certificate and trust bundle that sign and verify shared state; null for a standalone node. */
    private IdentityWatch identity;
    private volatile boolean draining;

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
        this.tls = new TlsContexts(keyStores, new CertificateInventory(clock));
        keyStores.afterEachPoll(() -> tls.inventory().warnExpiring());
        metrics.certificates(tls.inventory()::list);
        for (ListenerConfig listener : config.listeners()) {
            server.addConnector(Listeners.create(server, listener, config.limits(), tls));
        }
        this.clientThreads = new QueuedThreadPool(Math.max(8, 2 * Runtime.getRuntime().availableProcessors() + 4), 2);
        clientThreads.setName("sluice-upstream");
        // node.metrics: false leaves the request histograms out (to measure what they cost); gauges stay
        AccessLog requestMetrics = config.node().metrics() ? new RequestMetrics(metrics.registry()) : AccessLog.OFF;
        AccessLog lines = config.node().accessLog() ? accessLog : AccessLog.OFF;
        TrafficMeter traffic = new TrafficMeter(clock.millis());
        AccessLog live = config.node().metrics() ? traffic : AccessLog.OFF;
        this.tracer = new Tracer(config.node().tracing());
        ProxyHandler proxy = new ProxyHandler(state::get, record -> {
            requestMetrics.log(record);
            live.log(record);
            lines.log(record);
        }, config.node().id(), tracer);
        this.graceful = new GracefulHandler(new WebSocketProxyHandler(proxy, state::get));
        this.router = new ConnectorRouter(graceful);
        metrics.inFlight(graceful::getCurrentRequestCount);
        this.events = new LiveEvents(config.node().id(), clock, traffic, graceful::getCurrentRequestCount, this::clusterSize);
        tracer.live(events.hub());
        server.setHandler(router);
        if (config.admin() != null) {
            server.addConnector(Listeners.create(server, new ListenerConfig(ConnectorRouter.ADMIN, config.admin().host(),
                    config.admin().port(), List.of("h2", "http/1.1"), config.admin().tls()), config.limits(), tls));
        }
        // Each connector pins its acceptor and selector threads for good; the pool must hold them
        // all plus the threads that do the work, however many listeners the node has.
        int pinned = 0;
        for (Connector c : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) c;
            pinned += sc.getAcceptors() + sc.getSelectorManager().getSelectorCount();
        }
        serverThreads.setMaxThreads(serverThreads.getMaxThreads() + pinned);
    }

    public void start() throws Exception {
        clientThreads.start();
        clients = new UpstreamClients(clientThreads, tls, upstreamMetrics);
        GatewayConfig startConfig = joinCluster();
        guards = startGuards(startConfig);
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        for (UpstreamConfig u : startConfig.upstreams()) {
            upstreams.put(u.id(), new Upstream(u, UpstreamTransport.create(u, clients), clock, events::health));
        }
        state.set(new GatewayState(startConfig, startConfig == config ? routes : RouteTable.compile(startConfig.routes()),
                Map.copyOf(upstreams), guards,
                Authenticators.build(startConfig.routes(), clock, Authenticators.NONE)));
        server.start();
        keyStores.start();
        configSync.start();
        registry = new NodeRegistry(hazelcast, config.node().id(), this::status);
        configSync.onApplied(v -> registry.publish());
        configSync.onApplied(events::configApplied);
        profiler = new Profiler(config.node().id(), clock);
        router.setAdmin(new AdminHandler(new AdminApi(configStore,
                registry::all, List.of(new TrafficAdmin(config.node().id(), hazelcast, guards,
                        overrides, state::get, clock)::register,
                        new NodeAdmin(this::info, this::drain, tls.inventory(), metrics)::register,
                        new ProfileAdmin(profiler)::register,
                        new TraceAdmin(tracer)::register,
                        new EventsAdmin(config.node().id(), events.hub())::register))));
        events.start();
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
        if (config.cluster() != null) {
            identity = new IdentityWatch(config.cluster().identity());
            recordIdentity();
            keyStores.watch("cluster identity", List.of(identity.keyStore(), identity.trustStore()), () -> {
                identity.reload();
                recordIdentity();
                if (hazelcast != null) {
                    // re-sign shared state with the new key, so it still verifies once an old CA leaves the bundle
                    ClusterIntegrity.of(hazelcast).onIdentityReloaded();
                }
            });
            hazelcast = ClusterMember.start(config.cluster(), nodeId, identity, clock);
            metrics.clusterRejections(ClusterIntegrity.of(hazelcast).rejections()::byMap);
            metrics.clusterMembers(this::clusterSize);
            dataDir = new DataDir(config.cluster().dataPath());
            configStore = ConfigStore.hazelcast(hazelcast, this::validateShared, clock);
        } else {
            configStore = ConfigStore.local(this::validateShared, clock);
        }
        configSync = new ConfigSync(nodeId, configStore, dataDir,
                events.reportingFailures(v -> apply(config.withShared(loader.parseShared(v.yaml())))));
        var seed = new ConfigVersion(1, "file:" + nodeId, "the shared part of " + nodeId + "'s config file",
                clock.instant().toString(), ConfigStore.sha256(fileSharedYaml), fileSharedYaml);
        var chosen = configSync.bootstrap(seed);
        return chosen.sha256().equals(seed.sha256()) ? config : config.withShared(loader.parseShared(chosen.yaml()));
    }

    /**
     * The node's guards: in-flight limits (node-wide cap from the file), rate limiters sharing
     * buckets through Hazelcast, and breakers whose operator overrides live in the cluster and in
     * this node's data folder, with their states published for the other nodes and the monitor.
     */
    private Guards startGuards(GatewayConfig startConfig) {
        String nodeId = config.node().id();
        overrides = hazelcast != null ? new HazelcastOverrideStore(hazelcast, dataDir)
                : new LocalOverrideStore(null);
        var breakers = new Breakers(nodeId, clock, overrides);
        breakers.configure(startConfig.upstreams());
        metrics.breakers(breakers::snapshot);
        breakers.onTransition(metrics.breakerTransitions());
        breakers.onTransition(events::breaker);
        breakerStates = new BreakerStatePublisher(hazelcast, breakers, clock,
                BreakerStatePublisher.DEFAULT_INTERVAL);
        var limiters = new RateLimiters(nodeId, clock, hazelcast);
        limiters.configure(startConfig.rateLimits());
        metrics.limiters(limiters::stats);
        return new Guards(new InFlightLimits(config.limits().maxInFlight()), limiters, breakers);
    }

    private void recordIdentity() {
        NodeCredentials c = identity.current();
        tls.inventory().put("cluster-identity", c.certificate(), identity.keyStore(), c.trustedCas(), identity.trustStore());
    }

    /** Members this node's Hazelcast member sees, itself included: 1 standalone, 0 once the member has shut down. */
    private int clusterSize() {
        HazelcastInstance member = hazelcast;
        return member == null ? 1 : member.getLifecycleService().isRunning() ? member.getCluster().getMembers().size() : 0;
    }

    /** This node's Prometheus metrics (served on the admin port's /metrics). */
    public Metrics metrics() {
        return metrics;
    }

    /** This node's request traces: kept ones for the admin API, and the live sink setter for the stream. */
    public Tracer tracer() {
        return tracer;
    }

    /** This node's live stream (served on the admin port's /admin/v1/events); its hub is the tracer's live sink. */
    public LiveEvents events() {
        return events;
    }

    /** The certificates this node uses, with days left (admin API, expiry metric). */
    public CertificateInventory certificates() {
        return tls.inventory();
    }

    /** Failed TLS handshakes on the listener {@code name} (the admin port is "admin") since start. */
    public long handshakeFailures(String name) {
        for (Connector c : server.getConnectors()) {
            if (name.equals(c.getName())) {
                HandshakeLog log = ((ServerConnector) c).getBean(HandshakeLog.class);
                return log == null ? 0 : log.failures();
            }
        }
        throw new IllegalArgumentException("no listener named " + name);
    }

    /** Checks the key stores for changes now instead of at the next poll (tests). */
    public int reloadKeyStores() {
        return keyStores.pollNow();
    }

    /** What a shared document must pass before the cluster accepts it: it parses, validates and its routes compile. */
    private void validateShared(String yaml) {
        var shared = loader.parseShared(yaml);
        RouteTable.compile(shared.routes());
    }

    /** This node with its JVM facts, as {@code GET /admin/v1/node} shows it. */
    public NodeInfo info() {
        NodeStatus s = status();
        Instant now = clock.instant();
        return new NodeInfo(s.nodeId(), Main.version(), s.startedAt(), Duration.between(startedAt, now).toSeconds(),
                s.configVersion(), s.configError(), draining, s.adminUrl(), JvmFacts.read());
    }

    /**
     * Takes this node out of service before a restart: its client listeners stop accepting (new
     * connections are refused, so clients and load balancers go to the other nodes), HTTP/1.1
     * connections close after their current response, HTTP/2 ones get GOAWAY, idle ones close, and
     * requests in flight finish. The admin port stays open. The cluster sees {@code draining} in the
     * node list. There is no undrain: stop the node and start it again.
     */
    public void drain(String actor, String reason) {
        if (draining) {
            return;
        }
        draining = true;
        LOG.warn("node {} draining, asked by {}: {}", config.node().id(), actor, reason);
        for (Connector c : server.getConnectors()) {
            if (!ConnectorRouter.ADMIN.equals(c.getName())) {
                ((ServerConnector) c).shutdown();
            }
        }
        if (registry != null) {
            registry.publish();
        }
    }

    public boolean draining() {
        return draining;
    }

    /** This node as the registry and the admin API show it. */
    public NodeStatus status() {
        List<String> listeners = new ArrayList<>();
        String admin = null;
        for (Connector c : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) c;
            String address = (sc.getHost() == null ? "0.0.0.0" : sc.getHost()) + ":" + sc.getLocalPort();
            listeners.add(sc.getName() + "=" + address);
            if (ConnectorRouter.ADMIN.equals(sc.getName())) {
                admin = "https://" + address;
            }
        }
        var running = configSync == null ? null : configSync.running();
        return new NodeStatus(config.node().id(), admin, listeners, startedAt.toString(),
                running == null ? 0 : running.version(), configSync == null ? null : configSync.lastError(),
                clock.instant().toString(), hazelcast == null ? null : hazelcast.getCluster().getLocalMember().getAddress().toString(),
                draining);
    }

    public ConfigStore configStore() {
        return configStore;
    }

    public ConfigSync configSync() {
        return configSync;
    }

    public NodeRegistry registry() {
        return registry;
    }

    /** The embedded member, or null on a standalone node. */
    public HazelcastInstance hazelcast() {
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
     * left are retired: closed once their last exchange ends (idle connections at once), so requests
     * still using them finish.
     * Listeners, node settings and limits are bound to sockets and threads: changing them needs a
     * restart, and such a config is rejected rather than half applied.
     */
    public void apply(GatewayConfig next) throws Exception {
        applying.lock();
        try {
            GatewayState current = state.get();
            GatewayConfig running = current.config();
            if (!next.listeners().equals(running.listeners())) {
                throw new ConfigException("listeners", "listeners change only with a restart");
            }
            if (!next.node().equals(running.node())) {
                throw new ConfigException("node", "node settings change only with a restart");
            }
            if (!next.limits().equals(running.limits())) {
                throw new ConfigException("limits", "limits change only with a restart");
            }
            RouteTable nextRoutes = RouteTable.compile(next.routes());
            Map<String, Upstream> nextUpstreams = new LinkedHashMap<>();
            List<Upstream> created = new ArrayList<>();
            try {
                for (UpstreamConfig u : next.upstreams()) {
                    Upstream old = current.upstreams().get(u.id());
                    if (old != null && old.config().equals(u)) {
                        nextUpstreams.put(u.id(), old);
                    } else {
                        Upstream fresh = new Upstream(u, UpstreamTransport.create(u, clients), clock, events::health);
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
            state.set(new GatewayState(next, nextRoutes, Map.copyOf(nextUpstreams), guards,
                    Authenticators.build(next.routes(), clock, current.authenticators())));
            for (Upstream old : current.upstreams().values()) {
                if (nextUpstreams.get(old.id()) != old) {
                    retire(old);
                }
                if (!nextUpstreams.containsKey(old.id())) {
                    tls.forget("upstream:" + old.id());
                }
            }
            LOG.info("node {} applied a new config: {} routes, {} upstreams", running.node().id(),
                    next.routes().size(), next.upstreams().size());
        } finally {
            applying.unlock();
        }
    }

    /**
     * A replaced upstream gets no new requests: its checks stop, its idle connections close now and
     * the rest as its exchanges end, and it leaves {@link #retired} once nothing is left to close.
     * The whole-request timeout (+1 s) stays as the deadline for one whose exchanges never end.
     */
    private void retire(Upstream old) {
        retired.add(old);
        ScheduledFuture<?> deadline = retirement.schedule(() -> {
            if (retired.remove(old)) {
                closeQuietly(old);
            }
        }, old.config().timeouts().request().toMillis() + 1000, TimeUnit.MILLISECONDS);
        try {
            old.retire(retirement, () -> {
                if (retired.remove(old)) {
                    deadline.cancel(false);
                }
            });
        } catch (Exception e) {
            LOG.warn("retiring upstream {} failed: {}; it is closed at its deadline", old.id(), e.toString());
        }
    }

    private static ScheduledThreadPoolExecutor retirementExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("sluice-retire").factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
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
        if (profiler != null) {
            profiler.close();
        }
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
        events.close(); // after the drain, so a watcher sees it to the end; open streams would outlive it
        server.setStopTimeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try {
            server.stop();
        } catch (TimeoutException e) {
            LOG.warn("server stop timed out; remaining connections were closed");
        } finally {
            for (Upstream u : state.get() == null ? List.<Upstream>of() : state.get().upstreams().values()) {
                closeQuietly(u);
            }
            retirement.shutdownNow();
            for (Upstream u : retired) {
                closeQuietly(u);
            }
            retired.clear();
            if (clients != null) {
                clients.close(); // the shared read-timeout watchdog, once no transport uses it
            }
            clientThreads.stop();
            keyStores.close();
            leaveCluster();
        }
    }

    private void leaveCluster() throws InterruptedException {
        if (configSync != null) {
            configSync.close(); // first: a version still pending must not be applied to closed guards
        }
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
