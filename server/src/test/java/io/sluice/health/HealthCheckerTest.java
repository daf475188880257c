package io.sluice.health;

import io.sluice.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.HealthCheckConfig;
import io.sluice.config.OutlierConfig;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checker with probes that answer, fail, throw or hang; thresholds of 1 so one round decides. */
@Timeout(10)
class HealthCheckerTest {

    private final MutableClock clock = new MutableClock();
    private final HealthCheckConfig config = new HealthCheckConfig("/health", Duration.ofMillis(50),
            Duration.ofMillis(50), 1, 1);
    private final UpstreamHealth group = new UpstreamHealth("users", config, OutlierConfig.DEFAULTS, clock);
    private final EndpointHealth a = group.track("http://10.0.0.1:8080");
    private final EndpointHealth b = group.track("http://10.0.0.2:8080");

    private HealthChecker checker(Probe probeA, Probe probeB) {
        return new HealthChecker("users", config, clock,
                List.of(new HealthChecker.Target("a", a, probeA), new HealthChecker.Target("b", b, probeB)));
    }

    @Test
    void shouldMarkOnlyTheFailingEndpointWhenOneAnswers500() throws Exception {
        checker(() -> 200, () -> 500).checkAll();

        assertThat(a.available()).isTrue();
        assertThat(b.available()).isFalse();
        assertThat(b.snapshot().lastCheck().detail()).isEqualTo("status 500");
    }

    @Test
    void shouldFailCheckWithTheFailureWhenProbeThrows() throws Exception {
        checker(() -> 204, () -> {
            throw new GatewayException(Failure.UPSTREAM_UNREACHABLE, "the upstream refused or could not be reached");
        }).checkAll();

        assertThat(a.available()).isTrue();
        assertThat(b.snapshot().lastCheck().detail()).isEqualTo("UPSTREAM_UNREACHABLE: the upstream refused or could not be reached");
        assertThat(b.snapshot().lastCheck().status()).isEqualTo(-1);
    }

    @Test
    void shouldFailAndInterruptProbeWhenItOutlivesTheTimeout() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        HealthChecker checker = checker(() -> 200, () -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return 200;
        });
        long started = System.nanoTime();

        checker.checkAll();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(b.available()).isFalse();
        assertThat(b.snapshot().lastCheck().detail()).isEqualTo("no answer within 50 ms");
        assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(b.snapshot().lastCheck().detail()).isEqualTo("no answer within 50 ms"); // the late failure is dropped
        assertThat(a.available()).isTrue();
    }

    @Test
    void shouldCheckEveryIntervalUntilClosed() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch threeRounds = new CountDownLatch(6);
        Probe counting = () -> {
            probes.incrementAndGet();
            threeRounds.countDown();
            return 200;
        };
        HealthChecker checker = HealthChecker.start("users", config, clock,
                List.of(new HealthChecker.Target("a", a, counting), new HealthChecker.Target("b", b, counting)));

        assertThat(threeRounds.await(5, TimeUnit.SECONDS)).isTrue();
        checker.close();
        int afterClose = probes.get();
        Thread.sleep(200); // four intervals: a running loop would have probed again

        assertThat(probes.get()).isEqualTo(afterClose);
    }
}
