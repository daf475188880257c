package io.sluice.health;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live health of one endpoint. {@link #available()}, {@link #onSuccess()} and
 * {@link #onFailure()} run on every request, so they are a volatile read, and an atomic update only
 * when something is failing; everything that needs the whole upstream (the ejection cap) goes
 * through {@link UpstreamHealth} on the rare path.
 */
public final class EndpointHealth {

    private final String endpoint;
    private final UpstreamHealth group;
    private final AtomicReference<HealthState> state = new AtomicReference<>(HealthState.INITIAL);
    /** Kept apart from {@link #state}: it changes on every failure and must not allocate. */
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    EndpointHealth(String endpoint, UpstreamHealth group) {
        this.endpoint = endpoint;
        this.group = group;
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * Whether the endpoint may take a request now. Reads the clock only while ejected; the first
     * caller after an ejection's end also ends it, which publishes the change.
     */
    public boolean available() {
        HealthState s = state.get();
        if (!s.healthy()) {
            return false;
        }
        if (s.ejectedUntil() == HealthState.NEVER) {
            return true;
        }
        long now = group.millis();
        if (now < s.ejectedUntil()) {
            return false;
        }
        endEjection(s);
        return true;
    }

    /** A request that got an acceptable answer: the failure streak is over. */
    public void onSuccess() {
        if (consecutiveFailures.get() != 0) { // read first: no cache-line write on the common path
            consecutiveFailures.set(0);
        }
    }

    /** A request that failed (connect error, timeout, protocol error, 5xx): may eject the endpoint. */
    public void onFailure() {
        int failures = consecutiveFailures.updateAndGet(n -> n == Integer.MAX_VALUE ? n : n + 1);
        if (failures >= group.ejectAfter()) {
            group.tryEject(this, failures);
        }
    }

    /** Records one active check; the upstream's thresholds decide whether it flips the endpoint. */
    public void onCheck(CheckResult result) {
        long now = group.millis();
        settle(now);
        HealthState before;
        HealthState after;
        do {
            before = state.get();
            after = before.checked(result, group.healthyThreshold(), group.unhealthyThreshold());
        } while (!state.compareAndSet(before, after));
        HealthStatus from = before.statusAt(now);
        HealthStatus to = after.statusAt(now);
        if (from != to) {
            String why = result.passed()
                    ? count(after.checksPassed(), "check") + " passed in a row"
                    : count(after.checksFailed(), "check") + " failed in a row, last: " + result.detail();
            group.publish(new HealthEvent(group.id(), endpoint, from, to, why, Instant.ofEpochMilli(now)));
        }
    }

    public EndpointHealthSnapshot snapshot() {
        long now = group.millis();
        settle(now);
        HealthState s = state.get();
        return new EndpointHealthSnapshot(endpoint, s.statusAt(now), s.healthy(),
                s.ejectedAt(now) ? Instant.ofEpochMilli(s.ejectedUntil()) : null, s.ejections(),
                consecutiveFailures.get(), s.lastCheck());
    }

    HealthState state() {
        return state.get();
    }

    /** Called by {@link UpstreamHealth} under its ejection lock, once the cap allows it. */
    HealthEvent eject(long now, long until, int streak, int failures) {
        HealthState before;
        HealthState after;
        do {
            before = state.get();
            if (!before.healthy() || before.ejectedAt(now)) {
                return null;
            }
            after = before.ejected(until, streak);
        } while (!state.compareAndSet(before, after));
        HealthStatus from = before.statusAt(now);
        return new HealthEvent(group.id(), endpoint, from, HealthStatus.EJECTED,
                count(failures, "request") + " failed in a row; out for " + (until - now) + " ms (ejection " + streak + " in a row)",
                Instant.ofEpochMilli(now));
    }

    /** Ends an ejection whose time is over, so that its end is published before whatever comes next. */
    void settle(long now) {
        HealthState s = state.get();
        if (s.ejectionOverAt(now)) {
            endEjection(s);
        }
    }

    private void endEjection(HealthState over) {
        if (!state.compareAndSet(over, over.returned())) {
            return; // someone else ended it, or a check changed the state: the next look sees the outcome
        }
        consecutiveFailures.set(0); // failures from before and during the ejection say nothing about now
        if (over.healthy()) {
            group.publish(new HealthEvent(group.id(), endpoint, HealthStatus.EJECTED, HealthStatus.HEALTHY,
                    "ejection ended", Instant.ofEpochMilli(over.ejectedUntil())));
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return endpoint;
    }
}
