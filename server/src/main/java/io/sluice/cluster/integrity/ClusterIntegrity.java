package io.sluice.cluster.integrity;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.sluice.tls.NodeCredentials;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's signing and verification of shared cluster state. Open-source Hazelcast lets anyone
 * who reaches the member port join and write every map; what keeps such a stranger from steering
 * the gateway is that every value that changes behaviour is sealed by the writing node's
 * certificate ({@link Signer}) and applied by a reader only if it verifies against the CAs the
 * reader trusts now ({@link Verifier}). Refused values are counted and logged ({@link Rejections}).
 *
 * <p>It belongs to the Hazelcast member: {@code ClusterMember.start} creates it from the node's
 * identity and keeps it in the member's user context, and every store built on that member takes
 * it from there ({@link #of}), so no store can be built that skips verification.
 *
 * <p>Stores that hold long-lived signed values register a {@link Resealable}. {@link #reseal()}
 * re-signs what verifies but is signed by a certificate that ranks below this node's (an older CA,
 * or the same CA and an earlier expiry), so values migrate to new certificates during a rotation
 * and never outlive the certificate that signed them. It runs when the identity reloads
 * ({@link #onIdentityReloaded()}) and every {@link #RESEAL_CHECK} in the background.
 */
public final class ClusterIntegrity implements AutoCloseable {

    public static final String USER_CONTEXT_KEY = "sluice.integrity";
    static final Duration RESEAL_CHECK = Duration.ofHours(1);
    static final Duration HEAL_SPACING = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIntegrity.class);

    /** Re-signs what a store holds; returns how many values it re-signed. */
    @FunctionalInterface
    public interface Resealable {
        int reseal();
    }

    private final String nodeId;
    private final Supplier<NodeCredentials> identity;
    private final InstantSource clock;
    private final Signer signer;
    private final Verifier verifier = new Verifier();
    private final Rejections rejections;
    private final LongAdder restored = new LongAdder();
    private final List<Resealable> resealables = new CopyOnWriteArrayList<>();
    private final Map<String, Long> lastHeal = new ConcurrentHashMap<>();
    private final Map<String, Boolean> scheduledHeals = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background;
    private volatile Rank mine;

    public ClusterIntegrity(String nodeId, Supplier<NodeCredentials> identity, InstantSource clock) {
        this.nodeId = nodeId;
        this.identity = identity;
        this.clock = clock;
        this.signer = new Signer(nodeId, identity);
        this.rejections = new Rejections(nodeId, clock);
        this.background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sluice-integrity-" + nodeId).factory());
        long every = RESEAL_CHECK.toMillis();
        background.scheduleWithFixedDelay(this::resealQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Keeps this integrity in {@code config}'s user context, where {@link #of} finds it once the member runs. */
    public void attachTo(Config config) {
        config.getUserContext().put(USER_CONTEXT_KEY, this);
    }

    /** The integrity of a member started by {@code ClusterMember.start}. */
    public static ClusterIntegrity of(HazelcastInstance hz) {
        if (hz.getUserContext().get(USER_CONTEXT_KEY) instanceof ClusterIntegrity integrity) {
            return integrity;
        }
        throw new IllegalStateException("member " + hz.getName() + " has no cluster identity: start members with ClusterMember.start");
    }

    public String nodeId() {
        return nodeId;
    }

    public InstantSource clock() {
        return clock;
    }

    /** The envelope JSON of {@code payload} for {@code key} in {@code map}, signed with this node's current key. */
    public String seal(String map, String key, String payload) {
        return signer.seal(map, key, payload);
    }

    /** Verifies {@code stored}; a refusal is counted and logged with {@code source}, the writer's address (null: unknown). */
    public Verdict open(String map, String key, String stored, String source) {
        Verdict v = verify(map, key, stored);
        if (v instanceof Verdict.Invalid(String reason)) {
            rejections.record(map, key, reason, source);
        }
        return v;
    }

    /** Verifies without counting or logging. */
    public Verdict verify(String map, String key, String stored) {
        return verifier.verify(map, key, stored, identity.get().trustedCas(), clock.instant());
    }

    /** Counts and logs a value that verified but must still not be used (wrong key, stale, inconsistent). */
    public void reject(String map, String key, String reason, String source) {
        rejections.record(map, key, reason, source);
    }

    public Rejections rejections() {
        return rejections;
    }

    /** Forged, replayed or deleted values this node wrote back over. */
    public long restored() {
        return restored.sum();
    }

    public void countRestored(String map, String key, String over) {
        restored.increment();
        LOG.warn("node {} restored {}[{}] over {}", nodeId, map, key, over);
    }

    /**
     * Runs {@code heal} off the calling (event) thread, at most once per {@link #HEAL_SPACING} for
     * the same {@code id} and never queued twice: a flood of forged writes costs one write-back per
     * second per entry, not one per forged write. A request that arrives while a run is pending is
     * covered by it (the run reads the newest state); one that arrives after it starts gets a run of
     * its own once the spacing has passed.
     */
    public void healLater(String id, Runnable heal) {
        if (scheduledHeals.putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        long sinceLast = System.nanoTime() - lastHeal.getOrDefault(id, System.nanoTime() - HEAL_SPACING.toNanos());
        long delay = Math.max(0, HEAL_SPACING.toNanos() - sinceLast);
        try {
            background.schedule(() -> runHeal(id, heal), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            scheduledHeals.remove(id);
        }
    }

    private void runHeal(String id, Runnable heal) {
        scheduledHeals.remove(id);
        lastHeal.put(id, System.nanoTime());
        try {
            heal.run();
        } catch (RuntimeException e) {
            LOG.warn("node {} could not restore {}: {}", nodeId, id, e.toString());
        }
    }

    /** Registers a store's reseal; close the result when the store closes. */
    public AutoCloseable onReseal(Resealable r) {
        resealables.add(r);
        return () -> resealables.remove(r);
    }

    /**
     * Re-signs, with this node's current key, every long-lived value that verifies and is signed by
     * a certificate ranking below this node's; compare-and-set per value, so concurrent reseals on
     * several nodes are harmless. Returns how many values were re-signed.
     */
    public int reseal() {
        mine = null;
        int n = 0;
        for (Resealable r : resealables) {
            n += r.reseal();
        }
        if (n > 0) {
            LOG.info("node {} re-signed {} shared values with {}", nodeId, n, identity.get().certificate().getSubjectX500Principal().getName());
        }
        return n;
    }

    /**
     * The hook for a reloaded identity (new node certificate or trust bundle): checks that this node
     * can still sign values others accept, then reseals in the background. Returns at once.
     */
    public void onIdentityReloaded() {
        mine = null;
        if (selfCheck() instanceof Verdict.Invalid(String reason)) {
            LOG.error("node {}: the reloaded cluster identity cannot sign shared state ({}); every node will reject this node's writes",
                    nodeId, reason);
            return;
        }
        try {
            background.execute(this::resealQuietly);
        } catch (RejectedExecutionException closed) {
            // shutting down
        }
    }

    /** Signs a probe and verifies it with this node's own trust bundle: would this node's writes be accepted? */
    public Verdict selfCheck() {
        String probe = "{\"probe\":\"" + nodeId + "\"}";
        return verify("sluice.self-check", nodeId, seal("sluice.self-check", nodeId, probe));
    }

    /**
     * Whether {@code v} should be re-signed by this node: its CA is older than the CA of this node's
     * certificate, or it is the same CA and its certificate expires before this node's. Ranking
     * makes reseals converge: no two nodes take a value back and forth.
     */
    public boolean shouldReseal(Verdict.Valid v) {
        Rank own = myRank();
        return own != null && v.leaf() != null && !v.leaf().equals(identity.get().certificate())
                && Rank.ORDER.compare(own, new Rank(v.anchor(), v.leaf())) > 0;
    }

    private Rank myRank() {
        Rank r = mine;
        if (r == null) {
            NodeCredentials c = identity.get();
            try {
                r = new Rank(verifier.anchorOf(c.chain(), c.trustedCas(), clock.instant()), c.certificate());
                mine = r;
            } catch (GeneralSecurityException e) {
                return null; // this node's own chain is not trusted: it has nothing better to offer
            }
        }
        return r;
    }

    private void resealQuietly() {
        try {
            reseal();
        } catch (RuntimeException e) {
            LOG.warn("node {} could not re-sign shared values: {}", nodeId, e.toString());
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }

    /** How much a signature is worth keeping: newer CA first, then later expiry. */
    private record Rank(X509Certificate anchor, X509Certificate leaf) {
        static final Comparator<Rank> ORDER = Comparator.<Rank, java.util.Date>comparing(r -> r.anchor().getNotBefore())
                .thenComparing(r -> r.leaf().getNotAfter());
    }
}
