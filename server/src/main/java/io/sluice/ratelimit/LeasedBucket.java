package io.sluice.ratelimit;

import com.hazelcast.map.IMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * This node's view of one central bucket: a lease of tokens taken from it, spent locally, and
 * renewed with one {@link LeaseProcessor} call when it runs out. Between renewals no request
 * leaves the node.
 *
 * <pre>
 *   request ─▶ lease has a token? ──yes──▶ admit (shape: park until the token's due time)
 *                 │ no
 *                 ├─ a timed-out call still open, or just failed ─▶ fallback: this node's share
 *                 ├─ central said "empty until T" and T is ahead ──▶ reject, Retry-After from T
 *                 └─ lease request (bounded wait) ─▶ granted: new lease │ empty: remember T
 *                                                   └ no answer in time ─▶ fallback, keep the call
 * </pre>
 *
 * <p>The lease size follows this node's own demand (about {@link Tuning#leaseHorizon()} of it),
 * capped by {@link Tuning#leaseWindow()} of the cluster-wide rate, so a quiet node does not sit on
 * tokens a busy one needs. The central bucket only grants a lease of at least half the size asked
 * for, and otherwise answers when that much will be there; that keeps a drained bucket from being
 * handed out one token per call. Unused tokens expire with the lease and go back with the next call.
 *
 * <p>A call that does not answer within {@link Tuning#remoteTimeout()} is not abandoned: it is kept,
 * the node decides from its fallback share (rate and burst divided by the members it sees) and
 * sends nothing new until that call completes (its grant is then used, and leasing resumes) or
 * {@link Tuning#pendingGiveUp()} passes. A call that fails outright is retried after
 * {@link Tuning#fallbackRetry()}. So a hung partition makes one request wait the bound, not every one.
 *
 * <p>One lock per client key: the request that renews the lease holds it during the bounded call,
 * and requests arriving meanwhile then take from the new lease instead of renewing it again.
 */
final class LeasedBucket {

    /** What all keys of one policy share. */
    record Shared(IMap<String, Long> map, Gcra gcra, long maxDelay, long maxLease, Tuning tuning, Counters counters,
                  IntSupplier members) {
    }

    private final String mapKey;
    private final Shared shared;
    private final ReentrantLock lock = new ReentrantLock();

    private long leaseNextDue;
    private long leaseLeft;
    private long leaseExpiresAt;
    private long centralRemaining;
    private long centralFullAt;
    private long emptyUntil;
    private long arrivals;
    private long lastAskAt;
    private CompletableFuture<LeaseGrant> pending;
    private long pendingAskedAt;
    private long fallbackUntil;
    private LocalBucket fallback;
    private int fallbackMembers;

    LeasedBucket(String mapKey, Shared shared) {
        this.mapKey = mapKey;
        this.shared = shared;
    }

    Slot take(long now) {
        lock.lock();
        try {
            arrivals++;
            if (hasToken(now)) {
                return fromLease(now);
            }
            if (pending != null) {
                collectPending(now);
                if (hasToken(now)) {
                    return fromLease(now);
                }
            }
            if (pending != null || now < fallbackUntil) {
                return fromFallback(now);
            }
            if (now < emptyUntil) {
                return Slot.rejected(emptyUntil);
            }
            return ask(now);
        } finally {
            lock.unlock();
        }
    }

    /** Nothing leased, nothing in flight, no fallback running: dropping this view loses nothing. */
    boolean holdsNothing(long now) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            return (leaseLeft == 0 || now >= leaseExpiresAt) && pending == null && now >= fallbackUntil;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasToken(long now) {
        return leaseLeft > 0 && now < leaseExpiresAt && leaseNextDue - now <= shared.maxDelay();
    }

    private Slot fromLease(long now) {
        long interval = shared.gcra().intervalNanos();
        long due = Math.max(now, leaseNextDue);
        leaseNextDue += interval;
        leaseLeft--;
        long usableNow = leaseNextDue > now ? 0 : Math.min(leaseLeft, (now - leaseNextDue) / interval + 1);
        return Slot.granted(due, Math.min(shared.gcra().burst(), usableNow + centralRemaining), Math.max(now, centralFullAt));
    }

    private Slot ask(long now) {
        long giveBack = leaseLeft;
        leaseLeft = 0;
        long want = want(now);
        LeaseProcessor lease = new LeaseProcessor(now, shared.gcra().intervalNanos(), shared.gcra().burst(), want,
                (want + 1) / 2, shared.maxDelay(), giveBack);
        lastAskAt = now;
        arrivals = 0;
        shared.counters().remoteCalls.increment();
        CompletableFuture<LeaseGrant> call;
        try {
            call = shared.map().submitToKey(mapKey, lease).toCompletableFuture().thenApply(lease::accept);
        } catch (RuntimeException e) {
            return failed(now);
        }
        try {
            apply(call.get(shared.tuning().remoteTimeout().toNanos(), TimeUnit.NANOSECONDS), now);
        } catch (TimeoutException e) {
            pending = call;
            pendingAskedAt = now;
            return failed(now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending = call;
            pendingAskedAt = now;
            return failed(now);
        } catch (ExecutionException e) {
            return failed(now);
        }
        return hasToken(now) ? fromLease(now) : Slot.rejected(emptyUntil);
    }

    /** How many tokens to ask for: about a horizon of this node's recent demand, within the cap. */
    private long want(long now) {
        long elapsed = now - lastAskAt;
        if (lastAskAt == 0 || elapsed <= 0) {
            return 1;
        }
        double perHorizon = arrivals * (double) shared.tuning().leaseHorizon().toNanos() / elapsed;
        return Math.max(1, Math.min(shared.maxLease(), (long) Math.ceil(perHorizon)));
    }

    private void apply(LeaseGrant grant, long askedAt) {
        centralRemaining = grant.remaining();
        centralFullAt = grant.fullAt();
        if (grant.granted() > 0) {
            leaseNextDue = grant.firstDue();
            leaseLeft = grant.granted();
            leaseExpiresAt = askedAt + shared.tuning().leaseTtl().toNanos();
            emptyUntil = 0;
        } else {
            emptyUntil = grant.retryAt() + spread(grant.retryAt() - askedAt);
        }
    }

    /**
     * Nodes told "empty until T" would all ask again at T, and all but one would be told the same
     * again; a random delay of up to half the wait spreads them, and the bucket fills meanwhile, so
     * the one that asks first gets a larger lease. Half the wait stays well inside the time the
     * bucket takes to fill up completely, so no token overflows unclaimed.
     */
    private static long spread(long wait) {
        return wait <= 1 ? 0 : ThreadLocalRandom.current().nextLong(wait / 2 + 1);
    }

    /** Uses the answer of a call that timed out once it arrives; gives up on it after a while. */
    private void collectPending(long now) {
        if (pending.isDone()) {
            try {
                apply(pending.join(), pendingAskedAt);
                fallbackUntil = 0;
            } catch (CompletionException | CancellationException e) {
                // the call failed after all; fallbackUntil decides when to try again
            }
            pending = null;
        } else if (now - pendingAskedAt > shared.tuning().pendingGiveUp().toNanos()) {
            pending = null;
        }
    }

    private Slot failed(long now) {
        shared.counters().remoteFailures.increment();
        fallbackUntil = now + shared.tuning().fallbackRetry().toNanos();
        return fromFallback(now);
    }

    private Slot fromFallback(long now) {
        shared.counters().fallbacks.increment();
        int members = shared.members().getAsInt();
        if (fallback == null || members != fallbackMembers) {
            fallback = new LocalBucket(shared.gcra().shareOf(members));
            fallbackMembers = members;
        }
        return fallback.take(now, shared.maxDelay());
    }
}
