package io.sluice.cli;

import io.sluice.model.CertificateInfo;
import io.sluice.model.ConfigVersion;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/** Tables for the cluster's members, certificates and config, as a person reads them. */
final class ClusterViews {

    private ClusterViews() {
    }

    static String nodes(List<NodeStatus> nodes, Instant now) {
        Table t = new Table("NODE", "ADMIN", "CONFIG", "DRAINING", "STARTED", "SEEN", "MEMBER", "ERROR");
        for (NodeStatus n : nodes.stream().sorted(Comparator.comparing(NodeStatus::nodeId)).toList()) {
            t.row(n.nodeId(), n.adminUrl(), "v" + n.configVersion(), n.draining() ? "yes" : "no", Human.ago(n.startedAt(), now),
                    Human.ago(n.seenAt(), now), n.member(), n.configError());
        }
        return t.render("(no nodes)");
    }

    static String node(NodeInfo n, Instant now) {
        StringBuilder s = new StringBuilder();
        s.append(n.nodeId()).append(" (Sluice ").append(n.version()).append(") at ").append(n.adminUrl()).append('\n');
        s.append("  up ").append(Human.uptime(n.uptimeSeconds())).append(" (since ").append(n.startedAt()).append(")\n");
        s.append("  config v").append(n.configVersion());
        if (n.configError() != null) {
            s.append(" (cannot run newer: ").append(n.configError()).append(')');
        }
        s.append(n.draining() ? ", DRAINING" : "").append('\n');
        if (n.jvm() != null) {
            var j = n.jvm();
            s.append("  JVM ").append(j.vendor()).append(' ').append(j.runtimeVersion()).append(", pid ").append(j.pid())
                    .append(", ").append(j.availableProcessors()).append(" CPUs, heap ").append(Human.bytes(j.heapUsedBytes()))
                    .append(" of ").append(Human.bytes(j.heapMaxBytes())).append(", ").append(j.platformThreads())
                    .append(" platform threads, GC ").append(j.gcCount()).append("x ").append(j.gcMillis()).append("ms\n");
        }
        return s.toString();
    }

    static String certificates(List<CertificateInfo> certs) {
        Table t = new Table("USE", "KIND", "SUBJECT", "ROLE", "SERIAL", "EXPIRES", "DAYS LEFT", "FILE");
        for (CertificateInfo c : certs) {
            t.row(c.use(), c.kind(), c.subject(), c.role(), c.serial(), c.notAfter(), c.daysLeft(), c.file());
        }
        return t.render("(no certificates)");
    }

    static String history(List<ConfigVersion> versions, Instant now, ZoneId zone) {
        Table t = new Table("VERSION", "APPLIED", "BY", "SHA-256", "COMMENT");
        for (ConfigVersion v : versions) {
            t.row(v.version(), Human.when(v.at(), now, zone), v.author(), shortHash(v.sha256()), v.comment());
        }
        return t.render("(no config yet)");
    }

    /** The version's YAML under a comment header saying which it is, so the output can be saved and applied again. */
    static String version(ConfigVersion v, Instant now, ZoneId zone) {
        StringBuilder s = new StringBuilder();
        s.append("# config version ").append(v.version()).append(", applied by ").append(v.author()).append(' ')
                .append(Human.when(v.at(), now, zone)).append('\n');
        s.append("# ").append(v.comment()).append('\n');
        s.append("# sha256 ").append(v.sha256()).append('\n');
        String yaml = v.yaml() == null ? "" : v.yaml();
        return s.append(yaml).append(yaml.endsWith("\n") || yaml.isEmpty() ? "" : "\n").toString();
    }

    /** What an apply or rollback made. */
    static String applied(ConfigVersion v) {
        return "config version " + v.version() + " applied by " + v.author() + " (sha256 " + shortHash(v.sha256()) + "): "
                + v.comment() + "\nevery node runs it in a moment; `sluicectl status` shows which version each node runs\n";
    }

    static String shortHash(String sha256) {
        return sha256 == null ? null : sha256.substring(0, Math.min(12, sha256.length()));
    }
}
