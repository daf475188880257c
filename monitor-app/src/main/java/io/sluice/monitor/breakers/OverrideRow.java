package io.sluice.monitor.breakers;

import io.sluice.model.BreakerOverrideInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * One operator action on a breaker: when, who (their certificate's name), what and why.
 *
 * @param action   "trip (forced open)", "reset (forced closed)" or "auto"
 * @param sequence the cluster's order of actions on that breaker (higher is later)
 * @param instant  when, for ordering; null if the node sent an unreadable time
 */
public record OverrideRow(String when, String actor, String breaker, String action, String reason, long sequence,
                          Instant instant) {

    /** Node-recorded identity of the action: the same action read twice is one row. */
    String key() {
        return breaker + "#" + sequence + "#" + instant + "#" + actor;
    }

    static OverrideRow of(BreakerOverrideInfo o, Instant now, ZoneId zone) {
        Instant at;
        try {
            at = o.at() == null ? null : Instant.parse(o.at());
        } catch (DateTimeParseException e) {
            at = null;
        }
        return new OverrideRow(BreakerRow.time(o.at(), now, zone), o.actor(), o.breaker(), action(o.mode()),
                o.reason() == null ? "" : o.reason(), o.sequence(), at);
    }

    static String action(String mode) {
        return switch (mode == null ? "" : mode.toUpperCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "FORCED_OPEN" -> "trip (forced open)";
            case "FORCED_CLOSED" -> "reset (forced closed)";
            case "AUTO" -> "auto";
            default -> BreakerRow.word(mode);
        };
    }
}
