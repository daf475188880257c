package io.sluice.monitor.config;

import io.sluice.model.ConfigVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * One kept config version in the history table.
 *
 * @param at      when it was applied, ISO-8601 UTC to the second
 * @param current true for the cluster's newest version
 */
public record HistoryRow(long version, String at, String author, String comment, String sha256, boolean current) {

    static HistoryRow of(ConfigVersion v, long current) {
        return new HistoryRow(v.version(), seconds(v.at()), v.author(), v.comment(), v.sha256(), v.version() == current);
    }

    /** The first 12 hex digits: enough to tell versions apart by eye, and to match {@code sha256sum}. */
    public String shortSha() {
        return sha256 == null ? "" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    private static String seconds(String at) {
        if (at == null) {
            return "";
        }
        try {
            return Instant.parse(at).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return at;
        }
    }
}
