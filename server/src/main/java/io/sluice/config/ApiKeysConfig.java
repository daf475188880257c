package io.sluice.config;

import java.util.List;

/**
 * Authentication by API key in a request header ({@code header}, default {@code X-Api-Key}). The
 * gateway hashes the presented key and compares it with the configured hashes; the header is
 * removed before the request goes upstream.
 */
public record ApiKeysConfig(String header, List<ApiKeyConfig> keys) {

    public ApiKeysConfig {
        header = AuthConfig.headerName("header", Checks.orDefault(header, "X-Api-Key"));
        keys = Checks.list(keys);
        if (keys.isEmpty()) {
            throw new ConfigException("keys", "needs at least one key ({id: ..., sha256: ...})");
        }
        SharedConfig.unique("keys", keys.stream().map(ApiKeyConfig::id).toList(), "id");
        SharedConfig.unique("keys", keys.stream().map(ApiKeyConfig::sha256).toList(), "sha256");
    }
}
