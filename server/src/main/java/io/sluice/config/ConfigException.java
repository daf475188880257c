package io.sluice.config;

/**
 * An invalid configuration: names the field path, the bad value and what would be accepted.
 *
 * <p>Record constructors throw it with a path relative to themselves (for example
 * {@code connect}); {@link ConfigLoader} prefixes the path of the enclosing object
 * ({@code upstreams[0].timeouts}) so the operator reads {@code upstreams[0].timeouts.connect}.
 */
public final class ConfigException extends RuntimeException {

    private final String path;
    private final String reason;

    public ConfigException(String path, String reason) {
        super(path == null || path.isEmpty() ? reason : path + ": " + reason);
        this.path = path == null ? "" : path;
        this.reason = reason;
    }

    /** A bad value: {@code field: 'value' is invalid: allowed}. */
    public static ConfigException invalid(String field, Object value, String allowed) {
        return new ConfigException(field, "'" + value + "' is invalid: " + allowed);
    }

    /** A required field that is absent. */
    public static ConfigException missing(String field) {
        return new ConfigException(field, "is required");
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** The same problem seen from one level up: {@code prefix.path}. */
    public ConfigException under(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        String joined = path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
        return new ConfigException(joined, reason);
    }
}
