package io.sluice.cluster;

import io.sluice.cluster.integrity.SignedMap;
import io.sluice.config.ConfigException;
import io.sluice.model.ConfigVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The last {@value #KEEP} config versions, one signed entry per version number. Only the window
 * below the head is ever read (one batched call), so entries a rogue member adds outside it cost
 * nothing; an entry that does not verify is left out of listings and refused for rollback, and
 * replaced the next time a node remembers that version.
 */
final class ConfigHistory {

    static final int KEEP = 50;

    private final SignedMap<Long, ConfigVersion> entries;

    ConfigHistory(SignedMap<Long, ConfigVersion> entries) {
        this.entries = entries;
    }

    /** A history entry holds the version of its key, and its text matches its checksum. */
    static String fitsKey(Long key, ConfigVersion v) {
        if (v.version() != key) {
            return "history entry " + key + " holds version " + v.version();
        }
        return consistency(v);
    }

    static String consistency(ConfigVersion v) {
        if (v.version() < 1) {
            return "version " + v.version() + " is not positive";
        }
        if (v.yaml() == null || !ConfigStore.sha256(v.yaml()).equals(v.sha256())) {
            return "version " + v.version() + ": the text does not match its sha256";
        }
        return null;
    }

    /** Adds {@code v} unless a verified entry holds it already (a forged one is replaced), and drops the one that fell out of the window. */
    void remember(ConfigVersion v) {
        for (int attempt = 0; attempt < ConfigStore.MAX_ATTEMPTS; attempt++) {
            SignedMap.Read<ConfigVersion> r = entries.read(v.version());
            if (r instanceof SignedMap.Valid<ConfigVersion>) {
                break;
            }
            if (entries.compareAndSet(v.version(), r.raw(), entries.seal(v.version(), v))) {
                break;
            }
        }
        // Versions have no gaps and every one passes through here, so dropping the one that falls
        // out of the window keeps the window; a full key scan would be a cluster-wide call per change.
        entries.raw().remove(v.version() - KEEP);
    }

    Optional<ConfigVersion> version(long version) {
        return Optional.ofNullable(entries.read(version).valueOrNull());
    }

    /** The version to roll back to; refuses a missing entry and one that does not verify. */
    ConfigVersion forRollback(long version) {
        return switch (entries.read(version)) {
            case SignedMap.Valid<ConfigVersion> v -> v.value();
            case SignedMap.Absent<ConfigVersion> a ->
                    throw new ConfigException("version", "version " + version + " is not in the history (the last " + KEEP + " are kept)");
            case SignedMap.Invalid<ConfigVersion> i ->
                    throw new ConfigException("version", "version " + version + " in the history fails verification and cannot be"
                            + " rolled back to: " + i.reason());
        };
    }

    /** The verified versions of the window below {@code top}, newest first. */
    List<ConfigVersion> window(long top) {
        List<ConfigVersion> out = new ArrayList<>();
        for (SignedMap.Read<ConfigVersion> r : entries.readAll(keys(top)).values()) {
            if (r instanceof SignedMap.Valid<ConfigVersion> v) {
                out.add(v.value());
            }
        }
        out.sort(Comparator.comparingLong(ConfigVersion::version).reversed());
        return out;
    }

    /** Re-signs the window's entries that rank below this node's certificate; returns how many. */
    int reseal(long top) {
        int n = 0;
        for (var e : entries.readAll(keys(top)).entrySet()) {
            if (e.getValue() instanceof SignedMap.Valid<ConfigVersion> v && entries.shouldReseal(v)
                    && entries.compareAndSet(e.getKey(), v.raw(), entries.reseal(e.getKey(), v))) {
                n++;
            }
        }
        return n;
    }

    private static List<Long> keys(long top) {
        List<Long> keys = new ArrayList<>();
        for (long k = top; k >= 1 && k > top - KEEP; k--) {
            keys.add(k);
        }
        return keys;
    }
}
