package io.sluice.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The meter on a stand-in "UI thread" (a single-thread executor): a task that blocks it shows as
 * a late probe, and a reset forgets what came before. No toolkit and no timing upper bounds.
 */
class StallMeterTest {

    @Test
    void aBlockedThreadShowsAsTheLongestStall() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        try {
            StallMeter meter = new StallMeter(Duration.ofMillis(2), ui);
            meter.start();
            Thread.sleep(50);
            ui.execute(() -> sleep(120));
            Thread.sleep(200);

            StallMeter.Result result = meter.stop();

            assertThat(result.probes()).isGreaterThan(10);
            assertThat(result.maxMillis()).isGreaterThanOrEqualTo(100);
            assertThat(result.p99Millis()).isLessThanOrEqualTo(result.maxMillis());
        } finally {
            ui.shutdownNow();
        }
    }

    @Test
    void resetForgetsTheWarmUpAndTheWindowMaxIsTakenOnce() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        try {
            StallMeter meter = new StallMeter(Duration.ofMillis(2), ui);
            meter.start();
            ui.execute(() -> sleep(400));
            Thread.sleep(500);
            assertThat(meter.takeWindowMaxMillis()).isGreaterThanOrEqualTo(300);
            assertThat(meter.takeWindowMaxMillis()).as("taken").isLessThan(300);

            meter.reset();
            Thread.sleep(30);
            StallMeter.Result result = meter.stop();

            assertThat(result.maxMillis()).as("the blocked task came before the reset").isLessThan(300);
            assertThat(result.probes()).isPositive();
        } finally {
            ui.shutdownNow();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
