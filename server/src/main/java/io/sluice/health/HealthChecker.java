package io.sluice.health;

import io.sluice.config.HealthCheckConfig;
import io.sluice.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the active checks of one upstream: every interval, all endpoints are probed at once, each on
 * its own virtual thread, so one slow endpoint delays no other and no request thread ever waits
 * for a check. A probe that has not answered within the timeout counts as failed at that moment and
 * is interrupted (which closes a socket a virtual thread is blocked on); a late answer is dropped.
 *
 * <p>The first round runs at once. Until it has seen {@code unhealthyThreshold} failures an
 * endpoint counts as healthy, so that a new or reconfigured upstream does not answer 503 while its
 * first checks are on the way; passive ejection covers an endpoint that is down from the start.
 */
public final class HealthChecker implements AutoCloseable {

    /** One endpoint to check: its name for thread names, where results go, and how to check it. */
    public record Target(String name, EndpointHealth health, Probe probe) {
    }

    private final HealthCheckConfig config;
    private final InstantSource clock;
    private final List<Target> targets;
    private final Thread loop;
    private volatile boolean closed;

    HealthChecker(String upstreamId, HealthCheckConfig config, InstantSource clock, List<Target> targets) {
        this.config = config;
        this.clock = clock;
        this.targets = List.copyOf(targets);
        this.loop = Thread.ofVirtual().name("sluice-health-" + upstreamId).unstarted(this::run);
    }

    /** Starts checking {@code targets} every {@code config.interval()} until closed. */
    public static HealthChecker start(String upstreamId, HealthCheckConfig config, InstantSource clock, List<Target> targets) {
        HealthChecker checker = new HealthChecker(upstreamId, config, clock, targets);
        checker.loop.start();
        return checker;
    }

    private void run() {
        long interval = config.interval().toNanos();
        long next = System.nanoTime();
        try {
            while (!closed) {
                checkAll();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                } else {
                    next = System.nanoTime(); // a round overran: skip the missed ticks rather than burst
                }
            }
        } catch (InterruptedException closing) {
            // close() interrupts the loop: nothing to record
        }
    }

    /** One round: every target checked concurrently, each result recorded as soon as it is known. */
    void checkAll() throws InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        List<Check> running = new ArrayList<>(targets.size());
        for (Target target : targets) {
            running.add(new Check(target));
        }
        try {
            for (Check check : running) {
                check.awaitUntil(deadline);
            }
        } catch (InterruptedException e) {
            running.forEach(Check::abandon);
            throw e;
        }
    }

    /** Stops checking; waits (bounded) for a round in progress to be abandoned. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(config.timeout().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One probe of one target on its own virtual thread; whichever of answer and timeout comes first is recorded. */
    private final class Check {
        private final Target target;
        private final Instant at = clock.instant();
        private final long started = System.nanoTime();
        private final AtomicBoolean recorded = new AtomicBoolean();
        private final Thread thread;

        Check(Target target) {
            this.target = target;
            this.thread = Thread.ofVirtual().name("sluice-health-check-" + target.name()).start(this::probe);
        }

        private void probe() {
            CheckResult result;
            try {
                int status = target.probe().status();
                result = status >= 200 && status < 300
                        ? CheckResult.passed(at, status, took())
                        : CheckResult.failed(at, status, took(), "status " + status);
            } catch (Exception e) {
                result = CheckResult.failed(at, -1, took(), describe(e));
            }
            record(result);
        }

        void awaitUntil(long deadline) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left > 0 && thread.join(Duration.ofNanos(left))) {
                return;
            }
            record(CheckResult.failed(at, -1, took(), "no answer within " + config.timeout().toMillis() + " ms"));
            thread.interrupt();
        }

        void abandon() {
            recorded.set(true);
            thread.interrupt();
        }

        private void record(CheckResult result) {
            if (recorded.compareAndSet(false, true)) {
                target.health().onCheck(result);
            }
        }

        private Duration took() {
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof GatewayException g) {
            return g.failure() + ": " + g.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
