package io.sluice.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How sluicectl writes times, durations, sizes and rates for a person; {@code --json} keeps the API's values. */
final class Human {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Human() {
    }

    /** {@code 42s ago}, {@code 5m ago}, {@code in 3h}; {@code -} for null, the text itself if it is no instant. */
    static String ago(String iso, Instant now) {
        Instant at = instant(iso);
        if (at == null) {
            return iso == null ? "-" : iso;
        }
        Duration d = Duration.between(at, now);
        return d.isNegative() ? "in " + shortDuration(d.negated()) : shortDuration(d) + " ago";
    }

    /** {@code 2026-11-23 18:30 (5m ago)}, in the local time zone: for audit trails. */
    static String when(String iso, Instant now, ZoneId zone) {
        Instant at = instant(iso);
        return at == null ? ago(iso, now) : DAY.format(at.atZone(zone)) + " (" + ago(iso, now) + ")";
    }

    /** {@code 18:30:07.123} in the local time zone. */
    static String clock(Instant at, ZoneId zone) {
        return CLOCK.format(at.atZone(zone));
    }

    static Instant instant(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The largest unit only: {@code 42s}, {@code 5m}, {@code 3h}, {@code 12d}. */
    static String shortDuration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        return s < 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
    }

    /** Two units: {@code 3d 4h}, {@code 4h 12m}, {@code 12m 5s}, {@code 45s}. */
    static String uptime(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    /** {@code 0.8ms}, {@code 12ms}, {@code 1.25s}. */
    static String millis(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1fms", ms);
        }
        return ms < 1000 ? String.format(Locale.ROOT, "%.0fms", ms) : String.format(Locale.ROOT, "%.2fs", ms / 1000);
    }

    static String micros(long micros) {
        return millis(micros / 1000.0);
    }

    /** {@code 512 B}, {@code 3.4 KB}, {@code 120 MB} (powers of 1024). */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** A percentage from the breaker window, or {@code -} while the window holds too few calls (negative). */
    static String percent(double p) {
        return p < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }

    /** A list as {@code a, b, c}; {@code -} when empty or null. */
    static String list(java.util.Collection<?> items) {
        return items == null || items.isEmpty() ? "-" : String.join(", ", items.stream().map(String::valueOf).toList());
    }
}
