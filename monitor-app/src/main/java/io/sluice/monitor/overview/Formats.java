package io.sluice.monitor.overview;

import java.util.Locale;

/** How the overview writes durations and sizes: short, in the units an operator reads at a glance. */
final class Formats {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final double MIB = 1024.0 * 1024;
    private static final double GIB = MIB * 1024;

    private Formats() {
    }

    /** 45 s, 12 min, 3 h 12 min, 2 d 4 h: the two largest units are enough for an uptime. */
    static String uptime(long seconds) {
        if (seconds < 0) {
            return "";
        }
        if (seconds < MINUTE) {
            return seconds + " s";
        }
        if (seconds < HOUR) {
            return seconds / MINUTE + " min";
        }
        if (seconds < DAY) {
            return seconds / HOUR + " h " + seconds % HOUR / MINUTE + " min";
        }
        return seconds / DAY + " d " + seconds % DAY / HOUR + " h";
    }

    /** 312 MiB, 1.4 GiB. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "";
        }
        return bytes >= GIB
                ? String.format(Locale.ROOT, "%.1f GiB", bytes / GIB)
                : String.format(Locale.ROOT, "%d MiB", Math.round(bytes / MIB));
    }
}
