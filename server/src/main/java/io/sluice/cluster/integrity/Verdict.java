package io.sluice.cluster.integrity;

import java.security.cert.X509Certificate;

/** What checking one stored value found: a verified payload with who signed it, or why it was refused. */
public sealed interface Verdict {

    boolean valid();

    /**
     * A value that verified. {@code anchor} is the trusted CA its chain led to; with {@code leaf}
     * it decides whether a reseal should replace the signature ({@link ClusterIntegrity#shouldReseal}).
     */
    record Valid(String payload, String signer, X509Certificate leaf, X509Certificate anchor) implements Verdict {
        @Override
        public boolean valid() {
            return true;
        }

        /** The signer's certificate subject, for logs. */
        public String subject() {
            return leaf == null ? "(unsigned standalone map)" : leaf.getSubjectX500Principal().getName();
        }
    }

    /** A value that did not verify; {@code reason} says which check failed, for the log. */
    record Invalid(String reason) implements Verdict {
        @Override
        public boolean valid() {
            return false;
        }
    }
}
