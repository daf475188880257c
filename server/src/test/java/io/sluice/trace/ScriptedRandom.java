package io.sluice.trace;

import java.util.random.RandomGenerator;

/** Ids counting up from 1 and a sample draw the test sets: a Tracer's randomness made predictable. */
final class ScriptedRandom implements RandomGenerator {

    private long next = 1;
    double draw = 0.5;

    @Override
    public long nextLong() {
        return next++;
    }

    @Override
    public double nextDouble() {
        return draw;
    }
}
