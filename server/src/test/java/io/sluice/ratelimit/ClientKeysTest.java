package io.sluice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.RateLimitConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class ClientKeysTest {

    @Test
    void shouldUseOneSharedKeyWhenGlobal() {
        assertThat(ClientKeys.of("global", "203.0.113.7", HttpFields.EMPTY)).isEmpty();
    }

    @Test
    void shouldUseTheRemoteAddressWhenClientIp() {
        assertThat(ClientKeys.of("client-ip", "203.0.113.7", HttpFields.EMPTY)).isEqualTo("203.0.113.7");
    }

    @Test
    void shouldUseTheHeaderValueCaseInsensitivelyWhenKeyedByHeader() {
        HttpFields headers = HttpFields.build().add("x-api-key", "k-123");

        assertThat(ClientKeys.of("header:X-Api-Key", "203.0.113.7", headers)).isEqualTo("k-123");
    }

    @Test
    void shouldShareTheMissingKeyWhenTheHeaderIsAbsentOrEmpty() {
        assertThat(ClientKeys.of("header:X-Api-Key", "203.0.113.7", HttpFields.EMPTY)).isEqualTo(ClientKeys.MISSING);
        assertThat(ClientKeys.of("header:X-Api-Key", "203.0.113.7", HttpFields.build().add("X-Api-Key", "")))
                .isEqualTo(ClientKeys.MISSING);
    }

    @Test
    void shouldHashValuesLongerThanSixtyFourCharacters() {
        String longKey = "k".repeat(65);

        String key = ClientKeys.of("header:X-Api-Key", "203.0.113.7", HttpFields.build().add("X-Api-Key", longKey));

        assertThat(key).startsWith("sha256:").hasSize(7 + 43);
        assertThat(ClientKeys.of("header:X-Api-Key", "203.0.113.7", HttpFields.build().add("X-Api-Key", longKey))).isEqualTo(key);
        assertThat(ClientKeys.of("header:X-Api-Key", "203.0.113.7", HttpFields.build().add("X-Api-Key", "k".repeat(64))))
                .isEqualTo("k".repeat(64));
    }

    @Test
    void shouldReadTheKeysOfARealJettyRequest() throws Exception {
        RateLimitConfig byIp = new RateLimitConfig("ip", 10L, null, null, "client-ip", null, null, null);
        RateLimitConfig byHeader = new RateLimitConfig("key", 10L, null, null, "header:X-Api-Key", null, null, null);
        List<String> seen = new CopyOnWriteArrayList<>();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                seen.add(ClientKeys.of(byIp, request));
                seen.add(ClientKeys.of(byHeader, request));
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            client.send(HttpRequest.newBuilder(uri).header("X-Api-Key", "k-1").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } finally {
            server.stop();
        }

        assertThat(seen).containsExactly("127.0.0.1", "k-1", "127.0.0.1", ClientKeys.MISSING);
    }
}
