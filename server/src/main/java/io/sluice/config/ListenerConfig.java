package io.sluice.config;

import java.util.List;

/**
 * One listening socket. Plain listeners speak {@code http/1.1} and {@code h2c}; a listener with
 * {@code tls} speaks {@code h2} and {@code http/1.1} chosen by ALPN.
 */
public record ListenerConfig(String name, String host, Integer port, List<String> protocols, TlsConfig tls) {

    static final List<String> PLAIN_PROTOCOLS = List.of("http/1.1", "h2c");
    static final List<String> TLS_PROTOCOLS = List.of("h2", "http/1.1");

    public ListenerConfig {
        name = Checks.required("name", name);
        host = Checks.orDefault(host, "0.0.0.0");
        if (port == null) {
            throw ConfigException.missing("port");
        }
        port = Checks.range("port", port, 0, 0, 65535);
        List<String> allowed = tls == null ? PLAIN_PROTOCOLS : TLS_PROTOCOLS;
        protocols = protocols == null || protocols.isEmpty() ? allowed : List.copyOf(protocols);
        for (String p : protocols) {
            if (!allowed.contains(p)) {
                throw ConfigException.invalid("protocols", p, (tls == null ? "a plain listener" : "a TLS listener")
                        + " allows " + String.join(", ", allowed));
            }
        }
    }

    public boolean secure() {
        return tls != null;
    }
}
