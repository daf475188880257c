package io.sluice.model;

/**
 * One step of a request: {@code route}, {@code auth}, {@code limiter}, {@code breaker},
 * {@code connect}, {@code upstream-headers}, {@code body}, with its start offset from the request's
 * start and its duration, in microseconds, and an optional short detail (endpoint, attempt, outcome).
 */
public record SpanRecord(String name, long startMicros, long durationMicros, String detail) {
}
