package io.sluice.upstream;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.OutlierConfig;
import io.sluice.health.EndpointHealthSnapshot;
import io.sluice.health.HealthStatus;
import io.sluice.health.UpstreamHealth;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void shouldKeepExplicitPortWhenBuildingOrigin() {
        Endpoint e = new Endpoint(URI.create("http://10.0.0.5:8080"), 1);

        assertThat(e.origin()).isEqualTo("http://10.0.0.5:8080");
        assertThat(e.authority()).isEqualTo("10.0.0.5:8080");
    }

    @Test
    void shouldUsePort80WhenHttpUrlHasNoPort() {
        assertThat(new Endpoint(URI.create("http://users.internal"), 1).origin()).isEqualTo("http://users.internal:80");
    }

    @Test
    void shouldUsePort443WhenHttpsUrlHasNoPort() {
        assertThat(new Endpoint(URI.create("https://users.internal/"), 1).authority()).isEqualTo("users.internal:443");
    }

    @Test
    void shouldCountInFlightUntilHandleIsClosed() {
        Endpoint e = new Endpoint(URI.create("http://10.0.0.5:8080"), 1);
        Endpoint.InFlight first = e.track();
        Endpoint.InFlight second = e.track();
        assertThat(e.inFlight()).isEqualTo(2);

        first.close();
        second.close();

        assertThat(e.inFlight()).isZero();
    }

    @Test
    void shouldStayAvailableWhenUntrackedEndpointFails() {
        Endpoint e = new Endpoint(URI.create("http://10.0.0.5:8080"), 1);
        for (int i = 0; i < 100; i++) {
            e.onFailure();
        }

        assertThat(e.available()).isTrue();
        assertThat(e.health().consecutiveFailures()).isEqualTo(100);
    }

    @Test
    void shouldShowEjectionInHealthWhenFailuresReachThreshold() {
        MutableClock clock = MutableClock.at(Instant.parse("2025-01-01T00:00:00Z"));
        UpstreamHealth group = new UpstreamHealth("users", null,
                new OutlierConfig(true, 2, Duration.ofSeconds(5), Duration.ofMinutes(1), 50), clock);
        Endpoint e = new Endpoint(URI.create("http://10.0.0.5:8080"), 1, group);
        new Endpoint(URI.create("http://10.0.0.6:8080"), 1, group);

        e.onFailure();
        e.onSuccess();
        e.onFailure();
        assertThat(e.available()).isTrue();
        e.onFailure();

        EndpointHealthSnapshot health = e.health();
        assertThat(e.available()).isFalse();
        assertThat(health.endpoint()).isEqualTo("http://10.0.0.5:8080");
        assertThat(health.status()).isEqualTo(HealthStatus.EJECTED);
        assertThat(health.ejectedUntil()).isEqualTo(Instant.parse("2025-01-01T00:00:05Z"));
        assertThat(health.ejectionCount()).isEqualTo(1);
        assertThat(health.consecutiveFailures()).isEqualTo(2);
    }
}
