package io.sluice.monitor.breakers;

import io.sluice.model.BreakerInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One breaker on one node, in words for the breakers table; the view colours the row by
 * {@link #state()}.
 *
 * @param endpoint       the endpoint of an endpoint-scoped breaker; empty for an upstream-scoped one
 * @param stateText      "closed", "open", "half-open", "forced open", "forced closed", ...
 * @param mode           the operator's mode on that node: "auto", "forced-open", "forced-closed"
 * @param failure        failure rate over the breaker's window, "12.5 %"; "—" while it holds fewer
 *                       calls than the breaker's minimum
 * @param slow           slow-call rate, same form
 * @param lastTransition "closed → open at 12:03:04"; empty until it first changed
 */
public record BreakerRow(String node, String breaker, String upstream, String endpoint, State state, String stateText,
                         String mode, String failure, String slow, int calls, String lastTransition) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /**
     * The breaker's state as the node reports it. An operator's reset shows as
     * {@link #FORCED_CLOSED} (the node's breaker is DISABLED: it lets everything through and
     * records nothing).
     */
    public enum State {
        CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, FORCED_CLOSED, DISABLED, METRICS_ONLY, UNKNOWN;

        /** {@code state-half-open}: the style class the view puts on the row. */
        public String styleClass() {
            return "state-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static State of(String state, String mode) {
            String s = state == null ? "" : state.toUpperCase(Locale.ROOT).replace('-', '_');
            return switch (s) {
                case "CLOSED" -> CLOSED;
                case "OPEN" -> OPEN;
                case "HALF_OPEN" -> HALF_OPEN;
                case "FORCED_OPEN" -> FORCED_OPEN;
                case "DISABLED" -> "FORCED_CLOSED".equalsIgnoreCase(mode) ? FORCED_CLOSED : DISABLED;
                case "METRICS_ONLY" -> METRICS_ONLY;
                default -> UNKNOWN;
            };
        }

        String text() {
            return switch (this) {
                case HALF_OPEN -> "half-open";
                case FORCED_OPEN -> "forced open";
                case FORCED_CLOSED -> "forced closed";
                case METRICS_ONLY -> "metrics only";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }

    /** Node and breaker name: what identifies a row across refreshes. */
    public String key() {
        return node + "/" + breaker;
    }

    static BreakerRow of(BreakerInfo b, Instant now, ZoneId zone) {
        State state = State.of(b.state(), b.mode());
        BreakerInfo.Transition t = b.lastTransition();
        String last = t == null ? "" : word(t.from()) + " → " + word(t.to()) + " at " + time(t.at(), now, zone);
        return new BreakerRow(b.node(), b.name(), nullToEmpty(b.upstream()), nullToEmpty(b.endpoint()), state,
                state == State.UNKNOWN && b.state() != null ? b.state().toLowerCase(Locale.ROOT) : state.text(),
                b.mode() == null ? "" : word(b.mode()), percent(b.failureRate()), percent(b.slowCallRate()),
                b.callsInWindow(), last);
    }

    static String percent(float rate) {
        return rate < 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", rate);
    }

    /** {@code HALF_OPEN} → {@code half-open}. */
    static String word(String enumName) {
        return enumName == null ? "?" : enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Time of day for the last day, date and time before that; the text as sent if unreadable. */
    static String time(String iso, Instant now, ZoneId zone) {
        if (iso == null) {
            return "?";
        }
        try {
            Instant at = Instant.parse(iso);
            boolean recent = at.isAfter(now.minusSeconds(24 * 3600));
            return (recent ? TIME : DATE_TIME).format(at.atZone(zone));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
