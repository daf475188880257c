package io.sluice.model;

/**
 * A finished profile of one node: which kind ({@code cpu}, {@code alloc} or {@code wall}), when and
 * for how long it ran, how many samples it took, what a frame's weight counts ({@code samples} or
 * {@code bytes}), and the merged call tree ({@code root} is a synthetic frame named {@code all}).
 */
public record ProfileResult(String id, String node, String kind, String startedAt, long durationMillis, long samples,
                            String unit, FlameNode root) {
}
