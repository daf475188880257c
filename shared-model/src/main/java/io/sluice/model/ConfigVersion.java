package io.sluice.model;

/**
 * One accepted version of the cluster's shared config (upstreams, routes, rate limits): the YAML
 * text as the operator applied it, who applied it, when (ISO-8601 UTC), why, and its SHA-256.
 * Versions count up from 1 with no gaps; a rollback is a new version whose text is an older one's.
 */
public record ConfigVersion(long version, String author, String comment, String at, String sha256, String yaml) {

    /** The same version without its text, for history listings. */
    public ConfigVersion summary() {
        return new ConfigVersion(version, author, comment, at, sha256, null);
    }
}
