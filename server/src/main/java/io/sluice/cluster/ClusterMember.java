package io.sluice.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sluice.config.ClusterConfig;

/**
 * Starts the Hazelcast member embedded in a gateway node. Everything is set in code so that a node
 * never picks up a stray hazelcast.xml: TCP-IP join on the configured member list, multicast and
 * auto-detection off, bound to one interface, Jet off, no phone-home.
 *
 * <p>Failure detection is tightened from Hazelcast's 60 s default to 5 s without a heartbeat, so a
 * killed node's partitions are promoted to their backups within seconds and the rest of the cluster
 * keeps deciding. Hazelcast's own shutdown hook is off: the node shuts the member down after it has
 * drained its requests.
 */
public final class ClusterMember {

    private ClusterMember() {
    }

    public static HazelcastInstance start(ClusterConfig cluster, String nodeId) {
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

        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(cluster.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(cluster.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members().isEmpty()
                ? java.util.List.of(cluster.host() + ":" + cluster.port()) : cluster.members());
        return Hazelcast.newHazelcastInstance(cfg);
    }
}
