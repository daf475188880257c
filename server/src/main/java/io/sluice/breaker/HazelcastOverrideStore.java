package io.sluice.breaker;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.sluice.cluster.DataDir;
import io.sluice.cluster.integrity.ClusterIntegrity;
import io.sluice.cluster.integrity.SignedMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overrides shared by the whole cluster: an IMap ({@value #MAP}) from breaker name to the override,
 * signed by the node that wrote it, changed only by compare-and-set ({@code putIfAbsent} /
 * {@code replace(k, old, new)}), so two operators acting at once on the same breaker get
 * consecutive sequences and the later one wins everywhere. Every node listens to the map and keeps
 * a copy in its data folder, because open-source Hazelcast keeps nothing on disk.
 *
 * <p>An override is applied, and saved to the data folder, only if it verifies against the CAs
 * this node trusts ({@link ClusterIntegrity}); one that does not is logged and ignored, and when
 * this node knows a verified override for that breaker it writes it back over the forged one, as
 * it does over a replayed older one or a deleted entry. An override older (by sequence) than the
 * one a node has never replaces it ({@link OverrideLedger}).
 *
 * <p>On start the node first listens, then offers what its file holds to the cluster (kept where it
 * is newer than what the cluster has), then takes what the cluster has. Nodes restarting together
 * after a full stop therefore converge on the newest override per breaker whatever order they come
 * up in, and a node joining later gets everything at once.
 *
 * <p>Whenever the member list changes, each node offers what it knows to the map again, in the
 * background. That heals the map when members holding both copies of an entry die together (one
 * backup by default), and after a split cluster merges back, where Hazelcast's default merge keeps
 * the larger side's entry even if the smaller side has the newer override.
 */
public final class HazelcastOverrideStore implements OverrideStore {

    public static final String MAP = "sluice.breaker.overrides";
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastOverrideStore.class);

    private final IMap<String, String> raw;
    private final SignedMap<String, BreakerOverride> map;
    private final ClusterIntegrity integrity;
    private final OverrideLedger ledger;
    private final UUID registration;
    private final AutoCloseable resealing;
    private final Cluster cluster;
    private final UUID membership;

    public HazelcastOverrideStore(HazelcastInstance hz, DataDir dataDir) {
        this.integrity = ClusterIntegrity.of(hz);
        this.raw = hz.getMap(MAP);
        this.map = SignedMap.signed(raw, BreakerOverride.class, integrity,
                (key, o) -> key.equals(o.breaker()) ? null : "the entry of breaker " + key + " overrides " + o.breaker());
        this.ledger = new OverrideLedger(dataDir);
        this.registration = raw.addEntryListener(new Events(this), true);
        for (BreakerOverride restored : ledger.all().values()) {
            offerToCluster(restored);
        }
        all();
        ledger.save();
        this.resealing = integrity.onReseal(this::reseal);
        this.cluster = hz.getCluster();
        this.membership = cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                reofferInBackground();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                reofferInBackground();
            }
        });
    }

    @Override
    public BreakerOverride put(BreakerOverride o) {
        while (true) {
            SignedMap.Read<BreakerOverride> r = map.read(o.breaker());
            BreakerOverride current = r.valueOrNull();
            long highest = Math.max(current == null ? 0 : current.sequence(), ledger.sequenceOf(o.breaker()));
            BreakerOverride next = o.withSequence(highest + 1);
            if (map.compareAndSet(o.breaker(), r.raw(), map.seal(o.breaker(), next))) {
                ledger.offer(next);
                return next;
            }
        }
    }

    /** Reads the cluster's map, so that it is exact even if an event is still on its way; only what verifies counts. */
    @Override
    public Map<String, BreakerOverride> all() {
        for (BreakerOverride o : map.validEntries().values()) {
            ledger.offer(o);
        }
        return ledger.all();
    }

    @Override
    public AutoCloseable listen(Consumer<BreakerOverride> onChange) {
        return ledger.listen(onChange);
    }

    /** Re-signs the overrides that are signed by a certificate ranking below this node's; returns how many. */
    int reseal() {
        int n = 0;
        for (String breaker : raw.keySet()) {
            if (map.read(breaker) instanceof SignedMap.Valid<BreakerOverride> v && map.shouldReseal(v)
                    && map.compareAndSet(breaker, v.raw(), map.reseal(breaker, v))) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            resealing.close();
        } catch (Exception e) {
            LOG.debug("reseal hook not removed: {}", e.toString());
        }
        try {
            cluster.removeMembershipListener(membership);
            raw.removeEntryListener(registration);
        } catch (RuntimeException memberAlreadyDown) {
            LOG.debug("override listener not removed: {}", memberAlreadyDown.toString());
        }
        ledger.close();
    }

    private void reofferInBackground() {
        Thread.ofVirtual().name("breaker-overrides-reoffer").start(() -> {
            try {
                ledger.all().values().forEach(this::offerToCluster);
            } catch (RuntimeException e) {
                LOG.warn("cannot offer known breaker overrides to the cluster again: {}", e.toString());
            }
        });
    }

    /** Writes {@code o} unless the cluster already has a verified override at least as new. */
    private void offerToCluster(BreakerOverride o) {
        while (true) {
            SignedMap.Read<BreakerOverride> r = map.read(o.breaker());
            BreakerOverride current = r.valueOrNull();
            if (current != null && !o.isNewerThan(current)) {
                return;
            }
            if (map.compareAndSet(o.breaker(), r.raw(), map.seal(o.breaker(), o))) {
                if (!(r instanceof SignedMap.Absent<BreakerOverride>)) {
                    integrity.countRestored(MAP, o.breaker(), current == null ? "an unverified override" : "an older override " + current);
                }
                return;
            }
        }
    }

    /**
     * Puts back the override this node knows for {@code breaker}, if any, over a forged, older or
     * deleted entry. An unverified entry for a breaker this node knows nothing about stays: no node
     * applies it, and deleting it would only invite the writer to add another.
     */
    private void restoreLater(String breaker) {
        if (ledger.sequenceOf(breaker) > 0) {
            integrity.healLater(MAP + "/" + breaker, () -> {
                BreakerOverride known = ledger.all().get(breaker);
                if (known != null) {
                    offerToCluster(known);
                }
            });
        }
    }

    private void received(String breaker, String json, String source) {
        SignedMap.Read<BreakerOverride> r = map.check(breaker, json, source);
        BreakerOverride o = r.valueOrNull();
        if (o != null && (ledger.offer(o) || !ledger.all().get(breaker).isNewerThan(o))) {
            return;
        }
        restoreLater(breaker);
    }

    private static String source(EntryEvent<?, ?> event) {
        return event.getMember() == null ? null : "member " + event.getMember().getAddress();
    }

    private record Events(HazelcastOverrideStore store) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryMergedListener<String, String>, EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            store.received(event.getKey(), event.getValue(), source(event));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            store.received(event.getKey(), event.getValue(), source(event));
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            if (event.getValue() != null) {
                store.received(event.getKey(), event.getValue(), source(event));
            }
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            store.restoreLater(event.getKey());
        }
    }
}
