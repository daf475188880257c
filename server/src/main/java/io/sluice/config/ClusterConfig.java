package io.sluice.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How this node joins the cluster: the embedded Hazelcast member binds to {@code host:port} (one
 * interface, never the wildcard, since member traffic is plaintext in open-source Hazelcast) and
 * finds its peers through the fixed {@code members} list (TCP-IP join; nothing multicast).
 * {@code dataDir} is where the node keeps what the cluster must not lose when every member stops:
 * the accepted config versions and the breaker overrides. A config without a {@code cluster}
 * section runs a standalone node. {@code identity} (required) is the node certificate that signs
 * what this node writes to shared state and the CAs whose signatures it accepts: member traffic
 * itself is neither encrypted nor authenticated, so signatures are what keep a stranger who
 * reaches the member port from steering the gateway (see docs/SECURITY.md).
 */
public record ClusterConfig(String name, String host, Integer port, List<String> members, String dataDir,
                            IdentityConfig identity) {

    public ClusterConfig {
        name = Checks.orDefault(name, "sluice");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ConfigException.invalid("name", name, "1-64 letters, digits, '.', '_' or '-'");
        }
        host = Checks.orDefault(host, "127.0.0.1");
        if (host.equals("0.0.0.0") || host.equals("::") || host.contains("*")) {
            throw ConfigException.invalid("host", host, "one interface address; member traffic is not encrypted, so it never binds to all interfaces");
        }
        port = Checks.range("port", port, 5701, 1, 65535);
        members = Checks.list(members);
        Checks.each("members", members, (m, i) -> {
            String member = (String) m;
            if (!member.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
                throw ConfigException.invalid("", member, "host:port, for example 10.0.0.5:5701");
            }
        });
        dataDir = Checks.required("dataDir", dataDir);
        if (identity == null) {
            throw new ConfigException("identity", "is required: {keyStore: the node certificate (role node),"
                    + " trustStore: the cluster CA}; shared state changes are signed and verified with them");
        }
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }
}
