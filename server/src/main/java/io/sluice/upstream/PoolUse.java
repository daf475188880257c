package io.sluice.upstream;

/**
 * An upstream's connections at one moment, summed over its endpoints: {@code active} carry (or are
 * being opened for) an exchange, {@code idle} wait in the pool for the next one.
 */
public record PoolUse(int active, int idle) {
}
