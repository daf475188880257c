package io.sluice.config;

import java.util.List;
import java.util.Locale;

/**
 * Who may use a route. A request is let through when it authenticates by at least one of the
 * configured methods (any of): a verified TLS client certificate ({@code clientCert}), a signed
 * JWT bearer token ({@code jwt}) or an API key ({@code apiKeys}). At least one must be set.
 * {@code identityHeader} (optional) names a request header that carries the caller's identity
 * ({@code cert:<subject DN>}, {@code jwt:<sub>}, {@code apikey:<id>}) to the upstream; whatever
 * value the client sent in it is dropped.
 * <pre>
 * auth:
 *   clientCert: {subjects: ["CN=reporting,O=Example"]}  # empty list: any certificate the listener trusts
 *   jwt:
 *     jwks: /etc/sluice/jwks.json                       # a file, or an https:// (http://) URL
 *     issuer: https://idp.example
 *     audiences: [billing]
 *     algorithms: [RS256, ES256]                        # the default; no others are allowed
 *     clockSkew: 30s                                    # the default; at most 5m
 *     requiredScopes: [billing.read]                    # optional
 *   apiKeys:
 *     header: X-Api-Key                                 # the default
 *     keys: [{id: ci-bot, sha256: 64 hex digits}]       # hashes only, made by io.sluice.auth.ApiKeys
 *   identityHeader: X-Sluice-Identity
 * </pre>
 */
public record AuthConfig(ClientCertConfig clientCert, JwtConfig jwt, ApiKeysConfig apiKeys, String identityHeader) {

    /** Headers the gateway or the HTTP framing owns; an identity or key header must not be one of them. */
    static final List<String> RESERVED_HEADERS = List.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "keep-alive", "proxy-connection", "expect", "authorization", "cookie",
            "forwarded", "via", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id");

    public AuthConfig {
        if (clientCert == null && jwt == null && apiKeys == null) {
            throw new ConfigException("", "set at least one of clientCert, jwt or apiKeys");
        }
        if (identityHeader != null) {
            headerName("identityHeader", identityHeader);
            if (apiKeys != null && apiKeys.header().equalsIgnoreCase(identityHeader)) {
                throw ConfigException.invalid("identityHeader", identityHeader, "must differ from apiKeys.header");
            }
        }
    }

    /** Checks a header name from the config: RFC 9110 token characters, not one the gateway owns. */
    static String headerName(String field, String name) {
        if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")) {
            throw ConfigException.invalid(field, name, "a header name of 1-64 RFC 9110 token characters");
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw ConfigException.invalid(field, name, "a header of your own, not one of " + String.join(", ", RESERVED_HEADERS));
        }
        return name;
    }
}
