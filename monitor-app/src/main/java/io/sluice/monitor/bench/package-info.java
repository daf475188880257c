/**
 * Measurements of the monitor itself: how long the JavaFX thread stalls while views take a flood
 * of live data. {@link io.sluice.monitor.bench.TraceFloodBench} is the command-line benchmark
 * behind the "longest FX thread stall under 5,000 traces/s stays under 50 ms" requirement.
 */
package io.sluice.monitor.bench;
