package io.sluice.cluster;

/**
 * A config change lost the compare-and-set on the head to other writes every time it tried. The
 * change was not made; nothing is wrong with it, and sending it again shortly is the answer (the
 * admin API says so with 503 and Retry-After). The message says whether the writes that won were
 * other operators' changes (verified) or values that failed verification (a member writing what
 * it may not; see the rejection log).
 */
public final class ConfigBusyException extends RuntimeException {

    public ConfigBusyException(int attempts, int lostToVerified, int lostToUnverified) {
        super(reason(attempts, lostToVerified, lostToUnverified), null, false, false);
    }

    private static String reason(int attempts, int verified, int unverified) {
        String base = "the change was not made: the config head changed " + attempts + " times while it was being written";
        if (unverified == 0) {
            return base + " (other changes made at the same time); send it again";
        }
        return base + " (" + verified + " times by other changes, " + unverified + " times by values that fail verification:"
                + " a member may be writing what it may not, see the rejection log); send it again";
    }
}
