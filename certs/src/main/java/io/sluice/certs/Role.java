package io.sluice.certs;

import java.util.Locale;

/**
 * What a certificate's holder may do in a Sluice cluster, written as the subject's OU
 * ({@code OU=operator}). Nodes read it back from the TLS session: {@code node} certificates sign
 * shared cluster state, {@code operator} certificates may act through the admin API,
 * {@code viewer} certificates may only read it. Certificates for ordinary callers carry no role.
 */
public enum Role {
    NODE, OPERATOR, VIEWER;

    /** The OU value: the lower-case name. */
    public String unit() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer} or {@code operator} (what an operator certificate may carry). */
    public static Role ofOperator(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "viewer" -> VIEWER;
            case "operator" -> OPERATOR;
            default -> throw new IllegalArgumentException("role must be viewer or operator, not '" + text + "'");
        };
    }
}
