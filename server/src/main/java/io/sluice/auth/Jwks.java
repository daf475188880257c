package io.sluice.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.sluice.observe.LogBudget;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT verification keys behind a {@code jwt.jwks} setting: a {@link JwksFile} or a URL read
 * through nimbus's {@link JWKSourceBuilder}. A set that cannot be loaded fails the requests that
 * need it (401) and is reported here, at WARN at most once a minute per location, so an outage of
 * the identity provider neither floods the log nor stays hidden in it.
 *
 * <p>URL sets are cached for {@value #CACHE_TTL_MINUTES} minutes; a token naming an unknown
 * {@code kid} forces a refetch, but all fetches together are limited to two per
 * {@value #REFETCH_INTERVAL_SECONDS} s (nimbus's rate limiter), so tokens with made-up key ids
 * cannot turn the gateway against the identity provider. If a refresh fails, the last set is
 * served for up to an hour. The fetch itself is bounded: {@value #HTTP_TIMEOUT_MS} ms to connect,
 * as long to read, {@value #MAX_BYTES} bytes.
 */
final class Jwks implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(Jwks.class);

    static final int CACHE_TTL_MINUTES = 5;
    static final int REFETCH_INTERVAL_SECONDS = 30;
    static final int HTTP_TIMEOUT_MS = 2_000;
    static final int MAX_BYTES = 256 * 1024;
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final String location;
    private final JWKSource<SecurityContext> source;
    private final LogBudget warnings;

    private Jwks(String location, JWKSource<SecurityContext> source, InstantSource clock) {
        this.location = location;
        this.source = source;
        this.warnings = new LogBudget(1, WARN_EVERY, clock);
    }

    /** The key source for a {@code jwks} value: an http(s) URL or a file path. Loads nothing yet. */
    static Jwks of(String location, InstantSource clock) {
        if (location.startsWith("https://") || location.startsWith("http://")) {
            return new Jwks(location, url(URI.create(location)), clock);
        }
        return new Jwks(location, new JwksFile(Path.of(location), clock), clock);
    }

    private static JWKSource<SecurityContext> url(URI uri) {
        URL url;
        try {
            url = uri.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + uri, e); // JwtConfig validated it already
        }
        return JWKSourceBuilder.<SecurityContext>create(url,
                        new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, MAX_BYTES))
                .cache(Duration.ofMinutes(CACHE_TTL_MINUTES).toMillis(), HTTP_TIMEOUT_MS * 2L)
                .refreshAheadCache(false) // refresh-ahead would start executor threads per source
                .rateLimited(Duration.ofSeconds(REFETCH_INTERVAL_SECONDS).toMillis())
                .outageTolerant(Duration.ofHours(1).toMillis())
                .build();
    }

    String location() {
        return location;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        try {
            return source.get(selector, context);
        } catch (RateLimitReachedException e) {
            throw e; // a token with an unknown kid while refetches are used up: the token's problem
        } catch (KeySourceException e) {
            long dropped = warnings.admit();
            if (dropped >= 0) {
                LOG.warn("JWT keys from {} cannot be loaded; tokens checked against them are refused: {}{}",
                        location, e.getMessage(), LogBudget.droppedSuffix(dropped, "failures"));
            }
            throw e;
        }
    }
}
