package io.sluice.config;

import java.time.Duration;

/**
 * Request tracing on this node ({@code node.tracing}). Every request is timed span by span while
 * tracing is on; what is <em>kept</em> is decided at the end: every failed request (5xx or a
 * gateway failure), every request slower than {@code slowThreshold}, and a {@code sampleRate}
 * share of the rest. Kept traces go into three bounded ring buffers (recent, slowest, failed) and
 * to live-stream subscribers. A caller's {@code traceparent} sampled flag does not force keeping:
 * the buffers are this node's, bounded, and the caller cannot be allowed to fill them.
 *
 * @param enabled       false: no spans, no trace headers generated (incoming ones still pass through)
 * @param sampleRate    share of ordinary requests kept, 0..1 (default 0.01)
 * @param slowThreshold requests at least this slow are always kept (default 500 ms)
 * @param recent        size of the recent-traces ring (default 512)
 * @param slowest       how many of the slowest traces are held (default 64)
 * @param failed        size of the failed-traces ring (default 256)
 */
public record TracingConfig(Boolean enabled, Double sampleRate, Duration slowThreshold, Integer recent,
                            Integer slowest, Integer failed) {

    public static final TracingConfig DEFAULTS = new TracingConfig(null, null, null, null, null, null);

    public TracingConfig {
        enabled = Checks.orDefault(enabled, Boolean.TRUE);
        sampleRate = Checks.orDefault(sampleRate, 0.01);
        if (sampleRate.isNaN() || sampleRate < 0 || sampleRate > 1) {
            throw ConfigException.invalid("sampleRate", String.valueOf(sampleRate), "a share between 0 and 1");
        }
        slowThreshold = Checks.positive("slowThreshold", slowThreshold, Duration.ofMillis(500));
        recent = Checks.range("recent", recent, 512, 1, 100_000);
        slowest = Checks.range("slowest", slowest, 64, 1, 10_000);
        failed = Checks.range("failed", failed, 256, 1, 100_000);
    }
}
