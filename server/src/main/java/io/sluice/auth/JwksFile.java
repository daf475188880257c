package io.sluice.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWK set in a local file, re-read when the file changes. Requests look at the file's modified
 * time and size at most once a second (by the injected clock) and read it only when they changed;
 * replace it atomically (write a temp file, then move) so a reader never sees half a file. Only
 * public keys are kept. A file that becomes unreadable or invalid after a good load keeps the keys
 * of the good one and is logged once per change; one that was never good fails every request
 * (the caller logs and answers 401).
 */
final class JwksFile implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(JwksFile.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final long MAX_BYTES = 1024 * 1024;

    /** What identifies one version of the file without reading it. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    /** The keys (null if none were ever loaded), the file version they or the last error came from, and when it was checked. */
    private record Loaded(JWKSet keys, Stamp stamp, Instant checkedAt, String error) {
    }

    private final Path file;
    private final InstantSource clock;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Loaded loaded;

    JwksFile(Path file, InstantSource clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Loaded current = current();
        if (current.keys() == null) {
            throw new KeySourceException(current.error());
        }
        return selector.select(current.keys());
    }

    private Loaded current() {
        Loaded current = loaded;
        Instant now = clock.instant();
        if (current != null && !due(current, now)) {
            return current;
        }
        checking.lock();
        try {
            current = loaded;
            if (current == null || due(current, now)) {
                current = check(current, now);
                loaded = current;
            }
            return current;
        } finally {
            checking.unlock();
        }
    }

    private static boolean due(Loaded loaded, Instant now) {
        // a clock that went back also triggers a check
        return !now.isBefore(loaded.checkedAt().plus(CHECK_EVERY)) || now.isBefore(loaded.checkedAt());
    }

    private Loaded check(Loaded previous, Instant now) {
        Stamp stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return failed(previous, null, now, "cannot read the JWK set file " + file + ": " + e);
        }
        if (previous != null && stamp.equals(previous.stamp())) {
            return new Loaded(previous.keys(), stamp, now, previous.error());
        }
        try {
            if (stamp.size() > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            JWKSet keys = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).toPublicJWKSet();
            if (previous != null) {
                LOG.info("JWK set file {} reloaded: {} keys", file, keys.getKeys().size());
            }
            return new Loaded(keys, stamp, now, null);
        } catch (IOException | java.text.ParseException e) {
            return failed(previous, stamp, now, "cannot load the JWK set file " + file + ": " + e.getMessage());
        }
    }

    /** Keeps the last good keys (and logs that, once per file version); without any, records the error. */
    private static Loaded failed(Loaded previous, Stamp stamp, Instant now, String error) {
        if (previous != null && previous.keys() != null) {
            if (!Objects.equals(previous.stamp(), stamp)) {
                LOG.warn("{}; keeping the keys loaded before", error);
            }
            return new Loaded(previous.keys(), stamp, now, null);
        }
        return new Loaded(null, stamp, now, error);
    }
}
