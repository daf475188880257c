package io.sluice.breaker;

import io.sluice.cluster.Json;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.sluice.cluster.DataDir;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overrides shared by the whole cluster: an IMap ({@value #MAP}) from breaker name to the override
 * as JSON, changed only by compare-and-set ({@code putIfAbsent} / {@code replace(k, old, new)}), so
 * two operators acting at once on the same breaker get consecutive sequences and the later one
 * wins everywhere. Every node listens to the map and keeps a copy in its data folder, because
 * open-source Hazelcast keeps nothing on disk.
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

    private final IMap<String, String> map;
    private final OverrideLedger ledger;
    private final UUID registration;
    private final Cluster cluster;
    private final UUID membership;

    public HazelcastOverrideStore(HazelcastInstance hz, DataDir dataDir) {
        this.map = hz.getMap(MAP);
        this.ledger = new OverrideLedger(dataDir);
        this.registration = map.addEntryListener(new Events(ledger), true);
        for (BreakerOverride restored : ledger.all().values()) {
            offerToCluster(restored);
        }
        all();
        ledger.save();
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
            String currentJson = map.get(o.breaker());
            BreakerOverride current = currentJson == null ? null : Json.read(currentJson, BreakerOverride.class);
            long highest = Math.max(current == null ? 0 : current.sequence(), ledger.sequenceOf(o.breaker()));
            BreakerOverride next = o.withSequence(highest + 1);
            if (compareAndSet(o.breaker(), currentJson, Json.write(next))) {
                ledger.offer(next);
                return next;
            }
        }
    }

    /** Reads the cluster's map, so that it is exact even if an event is still on its way. */
    @Override
    public Map<String, BreakerOverride> all() {
        for (String json : map.values()) {
            offerLocally(ledger, json);
        }
        return ledger.all();
    }

    @Override
    public AutoCloseable listen(Consumer<BreakerOverride> onChange) {
        return ledger.listen(onChange);
    }

    @Override
    public void close() {
        try {
            cluster.removeMembershipListener(membership);
            map.removeEntryListener(registration);
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

    /** Writes {@code o} unless the cluster already has something at least as new. */
    private void offerToCluster(BreakerOverride o) {
        while (true) {
            String currentJson = map.get(o.breaker());
            if (currentJson != null && !o.isNewerThan(Json.read(currentJson, BreakerOverride.class))) {
                return;
            }
            if (compareAndSet(o.breaker(), currentJson, Json.write(o))) {
                return;
            }
        }
    }

    private boolean compareAndSet(String key, String expected, String next) {
        return expected == null ? map.putIfAbsent(key, next) == null : map.replace(key, expected, next);
    }

    private static void offerLocally(OverrideLedger ledger, String json) {
        try {
            ledger.offer(Json.read(json, BreakerOverride.class));
        } catch (IllegalArgumentException e) {
            LOG.error("ignoring an unreadable breaker override in {}: {}", MAP, e.getMessage());
        }
    }

    private record Events(OverrideLedger ledger) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryMergedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            offerLocally(ledger, event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            offerLocally(ledger, event.getValue());
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            if (event.getValue() != null) {
                offerLocally(ledger, event.getValue());
            }
        }
    }
}
