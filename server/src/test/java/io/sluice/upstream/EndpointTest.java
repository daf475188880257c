package io.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
}
