package io.sluice.auth;

import io.sluice.config.AuthConfig;
import io.sluice.config.HeaderRules;
import io.sluice.config.RewriteConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's authentication, built once per config snapshot. It asks the route's methods in turn
 * (client certificate, API key, JWT: cheapest first) and lets the request through with the first
 * identity one of them accepts. Otherwise it answers 403 {@code forbidden} when some method
 * authenticated the caller but does not allow it here, and 401 {@code unauthenticated} when none
 * did. The client learns nothing more ("authentication required", "access denied"); the reason is
 * logged at DEBUG with the request id.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final String UNAUTHENTICATED = "authentication required";
    static final String FORBIDDEN = "access denied";

    private final String routeId;
    private final List<CredentialCheck> checks;
    private final String apiKeyHeader;
    private final String identityHeader;
    private final String challenge;

    Authenticator(String routeId, AuthConfig config, InstantSource clock, Function<String, Jwks> keySources) {
        this.routeId = routeId;
        List<CredentialCheck> methods = new ArrayList<>(3);
        if (config.clientCert() != null) {
            methods.add(new ClientCertificates(config.clientCert()));
        }
        if (config.apiKeys() != null) {
            methods.add(new ApiKeys(config.apiKeys()));
        }
        if (config.jwt() != null) {
            methods.add(new JwtVerifier(config.jwt(), keySources.apply(config.jwt().jwks()), clock));
        }
        this.checks = List.copyOf(methods);
        this.apiKeyHeader = config.apiKeys() == null ? null : config.apiKeys().header();
        this.identityHeader = config.identityHeader();
        // RFC 9110 wants a challenge with every 401; a client certificate has none in HTTP.
        List<String> challenges = new ArrayList<>(2);
        if (config.jwt() != null) {
            challenges.add("Bearer realm=\"sluice\"");
        }
        if (config.apiKeys() != null) {
            challenges.add("ApiKey realm=\"sluice\"");
        }
        this.challenge = challenges.isEmpty() ? null : String.join(", ", challenges);
    }

    /**
     * The caller's identity, also stored in the request attribute {@link Identity#ATTRIBUTE}.
     *
     * @throws GatewayException 401 {@link Failure#UNAUTHENTICATED} or 403 {@link Failure#FORBIDDEN}
     */
    public Identity authenticate(Request request, String requestId) {
        Identity identity = authenticate(Credentials.of(request, apiKeyHeader), requestId);
        request.setAttribute(Identity.ATTRIBUTE, identity);
        return identity;
    }

    Identity authenticate(Credentials credentials, String requestId) {
        Verdict.Denied denied = null;
        Verdict.Rejected rejected = null;
        for (CredentialCheck check : checks) {
            switch (check.check(credentials)) {
                case Verdict.Allowed allowed -> {
                    return allowed.identity();
                }
                case Verdict.Denied d -> denied = denied == null ? d : denied;
                case Verdict.Rejected r -> rejected = rejected == null ? r : rejected;
                case Verdict.Absent absent -> {
                }
            }
        }
        if (denied != null) {
            LOG.debug("route {} request {}: 403 for {}: {}", routeId, requestId, denied.identity(), denied.reason());
            throw new GatewayException(Failure.FORBIDDEN, FORBIDDEN);
        }
        LOG.debug("route {} request {}: 401: {}", routeId, requestId, rejected == null ? "no credentials" : rejected.reason());
        GatewayException e = new GatewayException(Failure.UNAUTHENTICATED, UNAUTHENTICATED);
        if (challenge != null) {
            e.withHeader("WWW-Authenticate", challenge);
        }
        throw e;
    }

    /** The request header that carries this route's API key (redacted in traces), or null when it takes none. */
    public String apiKeyHeader() {
        return apiKeyHeader;
    }

    /**
     * Fixes the proxy→upstream headers after the route's own rules: the API key never leaves the
     * gateway, and the identity header carries the identity the gateway proved (whatever the
     * client put in it is replaced).
     */
    public void toUpstream(HttpFields.Mutable headers, Identity identity) {
        if (apiKeyHeader != null) {
            headers.remove(apiKeyHeader);
        }
        if (identityHeader != null) {
            headers.put(identityHeader, identity.headerValue());
        }
    }

    /** The same as {@link #toUpstream} expressed as the route's rewrite, for legs that apply header rules themselves. */
    public RewriteConfig toUpstream(RewriteConfig rewrite, Identity identity) {
        if (apiKeyHeader == null && identityHeader == null) {
            return rewrite;
        }
        HeaderRules rules = rewrite.requestHeaders();
        List<String> remove = new ArrayList<>(rules.remove());
        Map<String, String> set = new LinkedHashMap<>(rules.set());
        for (String mine : new String[] {apiKeyHeader, identityHeader}) {
            if (mine != null) {
                remove.add(mine);
                set.keySet().removeIf(mine::equalsIgnoreCase);
            }
        }
        if (identityHeader != null) {
            set.put(identityHeader, identity.headerValue());
        }
        return new RewriteConfig(rewrite.stripPrefix(), rewrite.path(), rewrite.host(), new HeaderRules(set, remove),
                rewrite.responseHeaders());
    }
}
