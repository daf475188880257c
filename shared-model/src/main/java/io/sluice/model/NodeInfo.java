package io.sluice.model;

/**
 * This node as {@code GET /admin/v1/node} shows it: who it is, which Sluice build, since when, which
 * shared config version it runs (and why it could not run a newer one), whether it is draining, and
 * facts about its JVM. Times are ISO-8601 UTC.
 */
public record NodeInfo(String nodeId, String version, String startedAt, long uptimeSeconds, long configVersion,
                       String configError, boolean draining, String adminUrl, JvmInfo jvm) {
}
