package io.sluice.config;

import java.util.Locale;

/**
 * One API key as the config stores it: a name for logs, rate limits and the identity header, and
 * the SHA-256 of the key in hex. The key itself is never stored; {@code io.sluice.auth.ApiKeys}
 * prints a new key with its config line.
 */
public record ApiKeyConfig(String id, String sha256) {

    public ApiKeyConfig {
        id = Checks.required("id", id);
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ConfigException.invalid("id", id, "1-64 letters, digits, '.', '_' or '-'");
        }
        sha256 = Checks.required("sha256", sha256);
        if (!sha256.matches("[0-9A-Fa-f]{64}")) {
            // The value is a hash, but still: do not echo what might be a pasted key.
            throw new ConfigException("sha256", "must be the 64 hex digits of the key's SHA-256, not the key itself");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }
}
