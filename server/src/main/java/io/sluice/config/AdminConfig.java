package io.sluice.config;

/**
 * The admin listener: where operators and the monitor reach this node. It is a separate port so
 * that it can be firewalled apart from client traffic. Until client-certificate authentication
 * lands it must be bound to a loopback address (validated here): anyone who reaches it can act.
 */
public record AdminConfig(String host, Integer port) {

    public AdminConfig {
        host = Checks.orDefault(host, "127.0.0.1");
        if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("::1"))) {
            throw ConfigException.invalid("host", host, "a loopback address (127.0.0.1, ::1 or localhost): the admin API has no authentication yet");
        }
        port = Checks.range("port", port, 9090, 0, 65535);
    }
}
