package io.sluice.cluster.integrity;

import com.hazelcast.map.IMap;
import io.sluice.cluster.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * A typed view of a shared map whose values are {@link SignedValue} envelopes around JSON: every
 * read is verified (and a refusal counted and logged) before the value is decoded, every write is
 * sealed with this node's key, and compare-and-set works on the stored text, so a forged value is
 * replaced only by a writer that read exactly it.
 *
 * <p>A {@code check} decides whether a verified value fits its key (a history entry's version is
 * its key; an override names its breaker): the signature already binds the key, this catches a
 * node that signed something inconsistent.
 *
 * <p>{@link #unsigned} serves maps no other process can write (a standalone node's memory): values
 * are stored as plain JSON and everything reads as valid.
 */
public final class SignedMap<K, V> {

    /** Why a verified value still does not fit its key, or null when it does. */
    @FunctionalInterface
    public interface Check<K, V> {
        String problem(K key, V value);
    }

    /** One entry as read: absent, verified or refused. */
    public sealed interface Read<V> {
        /** The stored text, which compare-and-set expects; null when absent. */
        String raw();

        default V valueOrNull() {
            return this instanceof Valid<V> v ? v.value() : null;
        }
    }

    public record Absent<V>() implements Read<V> {
        @Override
        public String raw() {
            return null;
        }
    }

    /** A verified value; {@code verdict} is null in an unsigned map. */
    public record Valid<V>(String raw, V value, Verdict.Valid verdict) implements Read<V> {
    }

    public record Invalid<V>(String raw, String reason) implements Read<V> {
    }

    private final String name;
    private final ConcurrentMap<K, String> map;
    private final Class<V> type;
    private final ClusterIntegrity integrity;
    private final Check<K, V> check;

    private SignedMap(String name, ConcurrentMap<K, String> map, Class<V> type, ClusterIntegrity integrity, Check<K, V> check) {
        this.name = name;
        this.map = map;
        this.type = type;
        this.integrity = integrity;
        this.check = check;
    }

    public static <K, V> SignedMap<K, V> signed(IMap<K, String> map, Class<V> type, ClusterIntegrity integrity, Check<K, V> check) {
        return new SignedMap<>(map.getName(), map, type, integrity, check);
    }

    public static <K, V> SignedMap<K, V> unsigned(String name, ConcurrentMap<K, String> map, Class<V> type, Check<K, V> check) {
        return new SignedMap<>(name, map, type, null, check);
    }

    public String name() {
        return name;
    }

    /** The underlying map, for listeners, TTL writes and deletes. */
    public ConcurrentMap<K, String> raw() {
        return map;
    }

    public boolean isSigned() {
        return integrity != null;
    }

    public Read<V> read(K key) {
        return check(key, map.get(key), null);
    }

    /**
     * Verifies {@code stored} as the value of {@code key} (from an event, or from {@link #read});
     * {@code source} is the writing member's address when known, for the log.
     */
    public Read<V> check(K key, String stored, String source) {
        if (stored == null) {
            return new Absent<>();
        }
        String payload;
        Verdict.Valid verdict = null;
        if (integrity == null) {
            payload = stored;
        } else {
            Verdict v = integrity.open(name, String.valueOf(key), stored, source);
            if (v instanceof Verdict.Invalid(String reason)) {
                return new Invalid<>(stored, reason);
            }
            verdict = (Verdict.Valid) v;
            payload = verdict.payload();
        }
        V value;
        try {
            value = Json.read(payload, type);
        } catch (IllegalArgumentException e) {
            return refuse(key, stored, "signed payload is not a readable " + type.getSimpleName(), source, verdict);
        }
        String problem = value == null ? "signed payload is empty" : check.problem(key, value);
        if (problem != null) {
            return refuse(key, stored, problem, source, verdict);
        }
        return new Valid<>(stored, value, verdict);
    }

    private Read<V> refuse(K key, String stored, String problem, String source, Verdict.Valid verdict) {
        String reason = problem + (verdict == null ? "" : " (signed by " + verdict.subject() + ")");
        if (integrity != null) {
            integrity.reject(name, String.valueOf(key), reason, source);
        }
        return new Invalid<>(stored, reason);
    }

    /** The entries of {@code keys} in one call where the map allows (an IMap's getAll); absent keys are left out. */
    public Map<K, Read<V>> readAll(Collection<K> keys) {
        Map<K, String> stored;
        if (map instanceof IMap<K, String> imap) {
            stored = imap.getAll(new LinkedHashSet<>(keys));
        } else {
            stored = new LinkedHashMap<>();
            for (K k : keys) {
                String s = map.get(k);
                if (s != null) {
                    stored.put(k, s);
                }
            }
        }
        Map<K, Read<V>> out = new LinkedHashMap<>();
        for (K k : keys) {
            String s = stored.get(k);
            if (s != null) {
                out.put(k, check(k, s, null));
            }
        }
        return out;
    }

    /** Every entry that verifies, by key; refused ones are counted and logged. */
    public Map<K, V> validEntries() {
        Map<K, V> out = new LinkedHashMap<>();
        for (Map.Entry<K, String> e : List.copyOf(map.entrySet())) {
            if (check(e.getKey(), e.getValue(), null) instanceof Valid<V> v) {
                out.put(e.getKey(), v.value());
            }
        }
        return out;
    }

    /** The stored text for {@code value} under {@code key}: sealed with this node's key. */
    public String seal(K key, V value) {
        String payload = Json.write(value);
        return integrity == null ? payload : integrity.seal(name, String.valueOf(key), payload);
    }

    /** The same payload as {@code entry}, signed again with this node's current key. */
    public String reseal(K key, Valid<V> entry) {
        return integrity == null ? entry.raw() : integrity.seal(name, String.valueOf(key), entry.verdict().payload());
    }

    /** Whether {@code entry} is signed by a certificate this node should replace its signature for. */
    public boolean shouldReseal(Valid<V> entry) {
        return integrity != null && entry.verdict() != null && integrity.shouldReseal(entry.verdict());
    }

    /** Compare-and-set on the stored text: {@code expected} null means "only if absent". */
    public boolean compareAndSet(K key, String expected, String next) {
        return expected == null ? map.putIfAbsent(key, next) == null : map.replace(key, expected, next);
    }
}
