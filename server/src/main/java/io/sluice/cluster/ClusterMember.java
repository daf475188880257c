package io.sluice.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.cluster.integrity.Verdict;
import io.sluice.config.ClusterConfig;
import io.sluice.config.ConfigException;
import io.sluice.tls.IdentityWatch;
import io.sluice.tls.NodeCredentials;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts the Hazelcast member embedded in a gateway node. Everything is set in code so that a node
 * never picks up a stray hazelcast.xml: TCP-IP join on the configured member list, multicast and
 * auto-detection off, bound to one interface, Jet off, no phone-home.
 *
 * <p>Failure detection is tightened from Hazelcast's 60 s default to 5 s without a heartbeat, so a
 * killed node's partitions are promoted to their backups within seconds and the rest of the cluster
 * keeps deciding. Hazelcast's own shutdown hook is off: the node shuts the member down after it has
 * drained its requests.
 *
 * <p>Open-source members neither encrypt nor authenticate each other, so two things limit what a
 * stranger who joins can do. The member carries a {@link ClusterIntegrity} built from the node's
 * identity, with which every store signs and verifies shared state (the member refuses to start
 * when its own certificate could not sign values the cluster accepts). And Java deserialization,
 * which member traffic uses for entry processors and remote exceptions, admits only the classes in
 * {@link #SERIALIZATION_WHITELIST}: an object graph sent by a rogue member cannot name a gadget
 * class. Hazelcast's default whitelist (every {@code java*} class) is switched off for that reason.
 */
public final class ClusterMember {

    /** Packages whose classes Sluice sends through Java serialization (the rate limiter's lease processor and grant). */
    static final List<String> SERIALIZATION_PACKAGES = List.of("io.sluice.ratelimit");

    /** JDK classes a member legitimately receives through Java serialization: boxed values, collections, exceptions. */
    static final List<String> SERIALIZATION_WHITELIST = List.of(
            "java.lang.String", "java.lang.Number", "java.lang.Long", "java.lang.Integer", "java.lang.Boolean",
            "java.lang.Enum", "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException", "java.lang.NullPointerException",
            "java.lang.UnsupportedOperationException", "java.lang.ArithmeticException", "java.lang.SecurityException",
            "java.lang.StackTraceElement", "[Ljava.lang.StackTraceElement;", "[Ljava.lang.Throwable;",
            "java.util.concurrent.CancellationException", "java.util.concurrent.TimeoutException",
            "java.util.concurrent.ExecutionException",
            "java.util.ArrayList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.HashSet",
            "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableCollection",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList");

    private ClusterMember() {
    }

    /** Starts a member whose identity is read from {@code cluster.identity()} now (tests and tools). */
    public static HazelcastInstance start(ClusterConfig cluster, String nodeId) {
        return start(cluster, nodeId, new IdentityWatch(cluster.identity()), InstantSource.system());
    }

    /**
     * Starts a member that signs with whatever {@code identity} supplies at the time of each write
     * (a reloaded certificate is used from the next write on) and checks certificates against
     * {@code clock}.
     *
     * @throws ConfigException if the identity's certificate could not sign values the cluster accepts
     */
    public static HazelcastInstance start(ClusterConfig cluster, String nodeId, Supplier<NodeCredentials> identity, InstantSource clock) {
        ClusterIntegrity integrity = new ClusterIntegrity(nodeId, identity, clock);
        if (integrity.selfCheck() instanceof Verdict.Invalid(String reason)) {
            integrity.close();
            throw new ConfigException("cluster.identity", "the node certificate cannot sign shared cluster state: " + reason);
        }
        Config cfg = new Config();
        cfg.setClusterName(cluster.name());
        cfg.setInstanceName("sluice-" + nodeId + "-" + cluster.port());
        cfg.setProperty("hazelcast.logging.type", "slf4j");
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.shutdownhook.enabled", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        cfg.getJetConfig().setEnabled(false);
        cfg.getMemberAttributeConfig().setAttribute("sluice.node", nodeId);
        cfg.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
        integrity.attachTo(cfg);

        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(cluster.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(cluster.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members().isEmpty()
                ? List.of(cluster.host() + ":" + cluster.port()) : cluster.members());
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(cfg);
        } catch (RuntimeException e) {
            integrity.close();
            throw e;
        }
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                integrity.close();
            }
        });
        return hz;
    }

    /** Only the classes above; Hazelcast's own are admitted by prefix, since its internals are out of our hands. */
    static JavaSerializationFilterConfig serializationFilter() {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        ClassFilter allowed = new ClassFilter()
                .addPrefixes("com.hazelcast.")
                .addPackages(SERIALIZATION_PACKAGES.toArray(String[]::new))
                .addClasses(SERIALIZATION_WHITELIST.toArray(String[]::new));
        return filter.setWhitelist(allowed);
    }
}
