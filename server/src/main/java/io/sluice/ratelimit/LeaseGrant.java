package io.sluice.ratelimit;

import java.io.Serializable;

/**
 * The central bucket's answer to a lease request. {@code granted} tokens fall due one interval
 * apart from {@code firstDue}; with none granted, {@code retryAt} says when enough will be there.
 * {@code remaining} and {@code fullAt} describe the central bucket after the grant, for the headers.
 */
record LeaseGrant(long granted, long firstDue, long retryAt, long remaining, long fullAt) implements Serializable {
}
