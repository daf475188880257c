package io.sluice.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.sluice.config.BreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One breaker: Resilience4j's state machine, which decides every automatic transition, plus what
 * the library does not expose and a gateway needs: when an open breaker will let a probe through
 * (for Retry-After), whether a probe is still free without taking it (for the balancer), and which
 * operator override is in force.
 *
 * <p>Overrides map onto the library's own states: FORCED_OPEN stays FORCED_OPEN, FORCED_CLOSED is
 * DISABLED (always permits, records nothing), AUTO goes back to CLOSED, or to METRICS_ONLY when the
 * config turns automatic tripping off. An override is applied only if it is newer than the one in
 * force, so a repeated or late delivery never undoes a later decision.
 */
final class Breaker {

    /** Stands for every failed attempt; the library wants a Throwable, the cause is the caller's business. */
    private static final Exception FAILED = new Exception("upstream attempt failed", null, false, false) {
    };

    private final String name;
    private final String upstream;
    private final String endpoint;
    private final BreakerConfig config;
    private final InstantSource clock;
    private final CircuitBreaker machine;
    private final Consumer<BreakerTransition> onTransition;
    private final ReentrantLock overriding = new ReentrantLock();
    private final AtomicInteger halfOpenRound = new AtomicInteger();
    private final AtomicInteger probesOut = new AtomicInteger();
    private volatile BreakerOverride override;
    private volatile BreakerTransition lastTransition;
    private volatile Instant openUntil = Instant.MIN;

    Breaker(String name, String upstream, String endpoint, BreakerConfig config, InstantSource clock,
            Consumer<BreakerTransition> onTransition) {
        this.name = name;
        this.upstream = upstream;
        this.endpoint = endpoint;
        this.config = config;
        this.clock = clock;
        this.onTransition = onTransition;
        this.machine = CircuitBreaker.of(name, resilience4j(config, clock));
        if (!config.enabled()) {
            machine.transitionToMetricsOnlyState();
        }
        machine.getEventPublisher().onStateTransition(e -> transitioned(
                BreakerState.of(e.getStateTransition().getFromState()), BreakerState.of(e.getStateTransition().getToState())));
    }

    static CircuitBreakerConfig resilience4j(BreakerConfig c, InstantSource clock) {
        boolean count = "count".equals(c.windowType());
        // the library counts a call as slow when it took longer than the threshold; ours is "at least"
        Duration slow = c.slowCallDuration().minusNanos(1);
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failureRateThreshold())
                .slowCallRateThreshold(c.slowCallRateThreshold())
                .slowCallDurationThreshold(slow.isZero() ? Duration.ofNanos(1) : slow)
                .slidingWindow(c.windowSize(), c.minimumCalls(), count ? SlidingWindowType.COUNT_BASED : SlidingWindowType.TIME_BASED)
                .waitDurationInOpenState(c.openDuration())
                .permittedNumberOfCallsInHalfOpenState(c.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock.withZone(ZoneOffset.UTC))
                .build();
    }

    String name() {
        return name;
    }

    BreakerConfig config() {
        return config;
    }

    /** A permit, or null when the breaker refuses the attempt. */
    Permit tryAcquire() {
        if (!machine.tryAcquirePermission()) {
            return null;
        }
        if (machine.getState() == CircuitBreaker.State.HALF_OPEN) {
            probesOut.incrementAndGet();
            return new BreakerPermit(this, halfOpenRound.get());
        }
        return new BreakerPermit(this, -1);
    }

    /**
     * Whether {@link #tryAcquire()} would succeed, without taking a probe. Best effort in HALF_OPEN:
     * it counts the probes handed out in this round, which can race with a concurrent acquire.
     */
    boolean allows() {
        return switch (machine.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> true;
            case FORCED_OPEN -> false;
            case OPEN -> clock.instant().isAfter(openUntil);
            case HALF_OPEN -> probesOut.get() < config.halfOpenCalls();
        };
    }

    /**
     * Whole seconds until trying again makes sense: the rest of the open period (rounded up), one
     * second while half-open probes are out, the configured open duration under a forced open whose
     * end only the operator knows.
     */
    long retryAfterSeconds() {
        Duration left = switch (machine.getState()) {
            case OPEN -> Duration.between(clock.instant(), openUntil);
            case FORCED_OPEN -> config.openDuration();
            default -> Duration.ofSeconds(1);
        };
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    void apply(BreakerOverride o) {
        overriding.lock();
        try {
            if (!o.isNewerThan(override)) {
                return;
            }
            override = o;
            CircuitBreaker.State now = machine.getState();
            switch (o.mode()) {
                case FORCED_OPEN -> {
                    if (now != CircuitBreaker.State.FORCED_OPEN) {
                        machine.transitionToForcedOpenState();
                    }
                }
                case FORCED_CLOSED -> {
                    if (now != CircuitBreaker.State.DISABLED) {
                        machine.transitionToDisabledState();
                    }
                }
                case AUTO -> {
                    if (config.enabled() && now != CircuitBreaker.State.CLOSED) {
                        machine.transitionToClosedState();
                    } else if (!config.enabled() && now != CircuitBreaker.State.METRICS_ONLY) {
                        machine.transitionToMetricsOnlyState();
                    }
                }
            }
        } finally {
            overriding.unlock();
        }
    }

    BreakerSnapshot snapshot() {
        CircuitBreaker.Metrics m = machine.getMetrics();
        BreakerOverride o = override;
        return new BreakerSnapshot(name, upstream, endpoint, BreakerState.of(machine.getState()),
                o == null ? BreakerOverride.Mode.AUTO : o.mode(), m.getFailureRate(), m.getSlowCallRate(),
                m.getNumberOfBufferedCalls(), lastTransition, o);
    }

    void succeeded(long nanos) {
        machine.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(long nanos) {
        machine.onError(nanos, TimeUnit.NANOSECONDS, FAILED);
    }

    void released(int round) {
        machine.releasePermission();
        if (round >= 0 && round == halfOpenRound.get()) {
            probesOut.decrementAndGet();
        }
    }

    /** Runs on the thread that caused the transition, right after the library swapped the state. */
    private void transitioned(BreakerState from, BreakerState to) {
        if (from == to) {
            return;
        }
        Instant at = clock.instant();
        if (to == BreakerState.OPEN) {
            openUntil = at.plus(config.openDuration());
        } else if (to == BreakerState.HALF_OPEN) {
            probesOut.set(0);
            halfOpenRound.incrementAndGet();
        }
        BreakerTransition t = new BreakerTransition(name, from, to, at);
        lastTransition = t;
        onTransition.accept(t);
    }
}
