package io.sluice.cluster.integrity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate chains this node has already decoded and validated (PKIX) against its trusted CAs.
 * Every signed value carries its writer's whole chain, so the same few chains arrive with every
 * read and every event; validating each one again cost an ECDSA verification per certificate and
 * made signature checks the largest CPU cost of a config change (a profile of 4 writers over 3
 * in-process members: over 40 % of samples in P-256 arithmetic).
 *
 * <p>A chain is reused only for the same list of trusted CAs, compared by identity: a reloaded trust
 * store is a new list, so a CA rotation validates every chain afresh. It is reused only while the
 * time of the check lies inside every certificate's validity, so an expiry is seen at once. The
 * value's own signature and the leaf's role are still checked on every read. At most
 * {@value #MAX} chains are kept (a cluster has a handful); past that the cache starts over, so a
 * flood of foreign chains costs what it cost before, not memory.
 */
final class CheckedChains {

    static final int MAX = 64;

    /** A chain that validated against {@code trusted}, for checks at times within [notBefore, notAfter]. */
    record Checked(List<X509Certificate> chain, X509Certificate anchor, List<X509Certificate> trusted,
                   Instant notBefore, Instant notAfter) {

        static Checked of(List<X509Certificate> chain, X509Certificate anchor, List<X509Certificate> trusted) {
            Instant from = Instant.MIN;
            Instant until = Instant.MAX;
            for (X509Certificate c : chain) {
                Instant nb = c.getNotBefore().toInstant();
                Instant na = c.getNotAfter().toInstant();
                from = nb.isAfter(from) ? nb : from;
                until = na.isBefore(until) ? na : until;
            }
            return new Checked(chain, anchor, trusted, from, until);
        }

        boolean holds(List<X509Certificate> trustedNow, Instant at) {
            return trusted == trustedNow && !at.isBefore(notBefore) && !at.isAfter(notAfter);
        }
    }

    private final ConcurrentHashMap<List<String>, Checked> checked = new ConcurrentHashMap<>();

    /** The validated chain for {@code encoded} (base64 DER, as stored) if it still holds, else null. */
    Checked get(List<String> encoded, List<X509Certificate> trusted, Instant at) {
        Checked c = checked.get(encoded);
        return c != null && c.holds(trusted, at) ? c : null;
    }

    void put(List<String> encoded, Checked c) {
        if (checked.size() >= MAX) {
            checked.clear();
        }
        checked.put(List.copyOf(encoded), c);
    }

    int size() {
        return checked.size();
    }
}
