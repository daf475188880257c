package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.observe.AccessRecord;
import org.junit.jupiter.api.Test;

/** One second's traffic from the access records: rates, 5xx rate and interpolated percentiles. */
class TrafficMeterTest {

    private static AccessRecord finished(int status, long micros) {
        return new AccessRecord(0, "node-1", "id", "GET", "/", "HTTP/1.1", "127.0.0.1", "all", "app", null, status, 0, 0,
                micros, -1, 1, null, null);
    }

    @Test
    void shouldReportRatesOfTheLastIntervalOnly() {
        TrafficMeter meter = new TrafficMeter(0);
        for (int i = 0; i < 90; i++) {
            meter.log(finished(200, 700));
        }
        for (int i = 0; i < 10; i++) {
            meter.log(finished(503, 700));
        }
        meter.log(finished(404, 700));

        TrafficMeter.Window first = meter.sample(1000);
        assertThat(first.requestsPerSecond()).isEqualTo(101);
        assertThat(first.errorsPerSecond()).isEqualTo(10);

        meter.log(finished(200, 700));
        TrafficMeter.Window second = meter.sample(3000);
        assertThat(second.requestsPerSecond()).as("one request over two seconds").isEqualTo(0.5);
        assertThat(second.errorsPerSecond()).isZero();
    }

    @Test
    void shouldInterpolatePercentilesInsideTheirBucket() {
        TrafficMeter meter = new TrafficMeter(0);
        // 100 requests between 0.5 and 1 ms, one between 250 and 500 ms
        for (int i = 0; i < 100; i++) {
            meter.log(finished(200, 800));
        }
        meter.log(finished(200, 400_000));

        TrafficMeter.Window w = meter.sample(1000);
        // rank 50.5 of 100 in (0.5 ms, 1 ms]: 0.5 + 0.5 * 50.5/100
        assertThat(w.p50Millis()).isCloseTo(0.7525, within(1e-9));
        // rank 99.99 of the 100 in that bucket too
        assertThat(w.p99Millis()).isCloseTo(0.5 + 0.5 * 99.99 / 100, within(1e-9));
    }

    @Test
    void shouldReportZeroWhenNothingFinishedAndTheLastBoundForTheSlowest() {
        TrafficMeter meter = new TrafficMeter(0);
        assertThat(meter.sample(1000)).isEqualTo(new TrafficMeter.Window(0, 0, 0, 0));

        meter.log(finished(504, 45_000_000));
        TrafficMeter.Window w = meter.sample(2000);
        assertThat(w.p50Millis()).isEqualTo(30_000);
        assertThat(w.p99Millis()).isEqualTo(30_000);
    }

    @Test
    void shouldPlaceADurationOnABoundInThatBound() {
        assertThat(TrafficMeter.percentile(new long[] {0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 4, 1.0))
                .as("all in (0.5, 1] ms: the top is 1 ms").isEqualTo(1.0);
    }
}
