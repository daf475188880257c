package io.sluice.model;

/**
 * One node's traffic over the last second, for live charts: requests and 5xx answers per second,
 * latency percentiles of the requests finished in that second (from a histogram with the
 * Prometheus metric's buckets; 0 when none finished), requests in flight, JVM heap in use, and
 * cluster members this node sees.
 */
public record MetricsSnapshot(String node, String at, double requestsPerSecond, double errorsPerSecond,
                              double p50Millis, double p99Millis, long inFlight, long heapUsedBytes, int clusterMembers) {
}
