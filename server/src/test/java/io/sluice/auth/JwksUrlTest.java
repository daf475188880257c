package io.sluice.auth;

import static io.sluice.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.sluice.config.JwtConfig;
import io.sluice.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A JWK set served over HTTP by a real local server: cached, refetched for unknown kids at a bounded rate. */
class JwksUrlTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<JWKSet> served = new AtomicReference<>(Tokens.publicSet(Tokens.RSA));
    private HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private JwtVerifier verifier(String url) {
        JwtConfig config = new JwtConfig(url, Tokens.ISSUER, List.of(Tokens.AUDIENCE), null, null, null);
        return new JwtVerifier(config, Jwks.of(url, clock), clock);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    private Verdict check(JwtVerifier verifier, String token) {
        return verifier.check(new Credentials(token, null, null));
    }

    @Test
    void shouldFetchTheSetOnceAndServeLaterTokensFromTheCache() {
        JwtVerifier verifier = verifier(url());

        for (int i = 0; i < 5; i++) {
            assertThat(check(verifier, Tokens.rs256(claims(clock.instant()).build()))).isInstanceOf(Verdict.Allowed.class);
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void shouldRefetchForAnUnknownKidButOnlyAtABoundedRate() {
        JwtVerifier verifier = verifier(url());
        check(verifier, Tokens.rs256(claims(clock.instant()).build()));

        // the provider rotates in a new key: the first token naming it triggers one refetch
        served.set(Tokens.publicSet(Tokens.RSA, Tokens.EC));
        assertThat(check(verifier, Tokens.es256(claims(clock.instant()).build()))).isInstanceOf(Verdict.Allowed.class);
        assertThat(fetches).hasValue(2);

        // made-up kids cannot make the gateway hammer the provider
        for (int i = 0; i < 20; i++) {
            assertThat(check(verifier, Tokens.sign(Tokens.ec("made-up-" + i), claims(clock.instant()).build())))
                    .isInstanceOf(Verdict.Rejected.class);
        }
        assertThat(fetches).as("two fetches per 30 s at most").hasValue(2);
        assertThat(check(verifier, Tokens.rs256(claims(clock.instant()).build()))).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldRejectTokensQuicklyWhenTheUrlCannotBeReached() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        JwtVerifier verifier = verifier("http://127.0.0.1:" + dead + "/jwks.json");

        long started = System.nanoTime();
        Verdict verdict = check(verifier, Tokens.rs256(claims(clock.instant()).build()));

        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
