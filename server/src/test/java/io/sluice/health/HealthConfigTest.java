package io.sluice.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.ConfigException;
import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The validation of the two configs health runs on; each message names the field and the value. */
class HealthConfigTest {

    private static HealthCheckConfig path(String path) {
        return new HealthCheckConfig(path, null, null, null, null);
    }

    @Test
    void shouldAcceptPathWithQueryWhenItStartsWithSlash() {
        assertThat(path("/status?code=200").path()).isEqualTo("/status?code=200");
    }

    @Test
    void shouldRejectPathWhenItCouldForgeARequestLine() {
        assertThatThrownBy(() -> path("/health HTTP/1.1\r\nHost: evil"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("path: '/health HTTP/1.1");
    }

    @Test
    void shouldRejectPathWhenItDoesNotStartWithSlash() {
        assertThatThrownBy(() -> path("health")).hasMessage(
                "path: 'health' is invalid: a path and optional query starting with /, printable ASCII without spaces");
    }

    @Test
    void shouldRejectTimeoutWhenLongerThanInterval() {
        assertThatThrownBy(() -> new HealthCheckConfig(null, Duration.ofSeconds(1), Duration.ofSeconds(2), null, null))
                .hasMessage("timeout: '2s' is invalid: must not be longer than interval (1s)");
    }

    @Test
    void shouldRejectMaxEjectionTimeWhenShorterThanBase() {
        assertThatThrownBy(() -> new OutlierConfig(null, null, Duration.ofSeconds(10), Duration.ofSeconds(5), null))
                .hasMessage("maxEjectionTime: '5s' is invalid: must not be shorter than baseEjectionTime (10s)");
    }
}
