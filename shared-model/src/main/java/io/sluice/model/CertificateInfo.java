package io.sluice.model;

/**
 * One certificate a node uses, as the admin API lists it: where it is used ({@code use}, e.g.
 * {@code listener:https}, {@code admin}, {@code cluster-identity}, {@code upstream:billing}),
 * whether it is the node's own certificate or a CA it trusts ({@code kind}: {@code leaf} or
 * {@code trusted-ca}), who it names, its serial in hex, the role in its OU if any, and how long it
 * has left. {@code daysLeft} is rounded down and negative once expired.
 */
public record CertificateInfo(String use, String kind, String subject, String issuer, String serial, String role,
                              String notAfter, long secondsLeft, long daysLeft, String file) {
}
