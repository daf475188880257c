package io.sluice.tls;

import io.sluice.model.CertificateInfo;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every certificate this node presents or trusts, by use, as last loaded: what the admin API lists,
 * what the expiry metric reports, and what {@link #warnExpiring()} logs about once a day when a
 * certificate has less than {@link #WARN_BEFORE} left. Updated whenever key material is (re)loaded.
 */
public final class CertificateInventory {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateInventory.class);
    public static final Duration WARN_BEFORE = Duration.ofDays(14);
    private static final Duration WARN_EVERY = Duration.ofDays(1);

    private record Held(String use, String kind, X509Certificate cert, Path file) {
    }

    private final InstantSource clock;
    private final Map<String, List<Held>> byUse = new ConcurrentSkipListMap<>();
    private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

    public CertificateInventory(InstantSource clock) {
        this.clock = clock;
    }

    /** Records the certificates of {@code use}: the presented leaf (may be null) and the trusted CAs. */
    public void put(String use, X509Certificate leaf, Path leafFile, List<X509Certificate> trusted, Path trustFile) {
        List<Held> held = new ArrayList<>();
        if (leaf != null) {
            held.add(new Held(use, "leaf", leaf, leafFile));
        }
        for (X509Certificate ca : trusted) {
            held.add(new Held(use, "trusted-ca", ca, trustFile));
        }
        byUse.put(use, List.copyOf(held));
        warnExpiring();
    }

    public void remove(String use) {
        byUse.remove(use);
    }

    /** All certificates, by use, with the time left now. */
    public List<CertificateInfo> list() {
        Instant now = clock.instant();
        List<CertificateInfo> out = new ArrayList<>();
        for (List<Held> held : byUse.values()) {
            for (Held h : held) {
                Instant notAfter = h.cert().getNotAfter().toInstant();
                long seconds = Duration.between(now, notAfter).toSeconds();
                out.add(new CertificateInfo(h.use(), h.kind(), h.cert().getSubjectX500Principal().getName(),
                        h.cert().getIssuerX500Principal().getName(), h.cert().getSerialNumber().toString(16),
                        CertificateRoles.role(h.cert()), notAfter.toString(), seconds, Math.floorDiv(seconds, 86_400L),
                        h.file() == null ? null : h.file().toString()));
            }
        }
        return out;
    }

    /**
     * Logs a warning for each certificate under {@link #WARN_BEFORE}, at most once a day per
     * certificate; returns the certificates it warned about this time.
     */
    public List<CertificateInfo> warnExpiring() {
        Instant now = clock.instant();
        List<CertificateInfo> warned = new ArrayList<>();
        for (CertificateInfo c : list()) {
            if (c.secondsLeft() >= WARN_BEFORE.toSeconds()) {
                continue;
            }
            String key = c.use() + "/" + c.serial();
            Instant last = lastWarned.get(key);
            if (last != null && last.plus(WARN_EVERY).isAfter(now)) {
                continue;
            }
            lastWarned.put(key, now);
            warned.add(c);
            if (c.secondsLeft() <= 0) {
                LOG.error("certificate EXPIRED: {} {} ({}, serial {}) expired at {}; rotate it (scripts/rotate-certs.sh)",
                        c.use(), c.kind(), c.subject(), c.serial(), c.notAfter());
            } else {
                LOG.warn("certificate expires in {} days: {} {} ({}, serial {}) at {}; rotate it (scripts/rotate-certs.sh)",
                        c.daysLeft(), c.use(), c.kind(), c.subject(), c.serial(), c.notAfter());
            }
        }
        return warned;
    }
}
