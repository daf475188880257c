package io.sluice.monitor.overview;

import io.sluice.monitor.session.NodeState.Link;

/**
 * One member in the overview table, already in words: the view shows these fields as they are and
 * picks a style class from {@link #health()} and {@link #certLevel()}.
 *
 * @param healthText    "up", "down: why", "draining", "config error: why", "connecting"
 * @param uptime        "3 h 12 min"; empty while the node does not answer
 * @param configVersion the shared config version the node last said it runs; null before it answered
 * @param certDaysLeft  days until the node's soonest-expiring certificate ends; null until read
 * @param certNote      which certificate that is, or why the list could not be read
 * @param heap          JVM heap in use from the node's last metrics ("312 MiB"); empty if none yet
 */
public record NodeRow(String nodeId, Link link, Health health, String healthText, String uptime, Long configVersion,
                      Long certDaysLeft, String certNote, String heap) {

    /** Days left under which a certificate is worth a look. */
    public static final long CERT_WARN_DAYS = 30;
    /** Days left under which a certificate needs renewing now. */
    public static final long CERT_DANGER_DAYS = 7;

    /** What the operator should read first about a node; the view colours the health cell by it. */
    public enum Health {
        /** The monitor has not heard from it yet. */
        CONNECTING,
        /** Answers, runs its config, takes traffic. */
        UP,
        /** Answers but is finishing its work before it stops. */
        DRAINING,
        /** Answers but could not apply the newest config version (it keeps running the previous one). */
        CONFIG_ERROR,
        /** Answers, but the cluster's member list no longer names it. */
        LEFT,
        /** Does not answer. */
        DOWN
    }

    /** How urgent the soonest certificate's renewal is. */
    public enum CertLevel { UNKNOWN, OK, WARN, DANGER }

    public CertLevel certLevel() {
        if (certDaysLeft == null) {
            return CertLevel.UNKNOWN;
        }
        if (certDaysLeft < CERT_DANGER_DAYS) {
            return CertLevel.DANGER;
        }
        return certDaysLeft < CERT_WARN_DAYS ? CertLevel.WARN : CertLevel.OK;
    }

    /** "6 d", "expired 2 d ago", or empty while unknown. */
    public String certDaysText() {
        if (certDaysLeft == null) {
            return "";
        }
        return certDaysLeft < 0 ? "expired " + -certDaysLeft + " d ago" : certDaysLeft + " d";
    }
}
