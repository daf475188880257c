package io.sluice.route;

import java.util.List;
import java.util.Locale;

/**
 * Matches the request host (without port) against exact names and {@code *.suffix} wildcards.
 * An empty list matches every host.
 */
public record HostMatcher(List<String> exact, List<String> suffixes) {

    public static HostMatcher of(List<String> hosts) {
        List<String> exact = hosts.stream().filter(h -> !h.startsWith("*.")).map(HostMatcher::stripPort).toList();
        List<String> suffixes = hosts.stream().filter(h -> h.startsWith("*.")).map(h -> stripPort(h.substring(1))).toList();
        return new HostMatcher(exact, suffixes);
    }

    public boolean matches(String host) {
        if (exact.isEmpty() && suffixes.isEmpty()) {
            return true;
        }
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (exact.contains(h)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (h.endsWith(suffix) && h.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** 2 for exact names, 1 for wildcards only, 0 for any host. */
    public int rank() {
        return !exact.isEmpty() ? 2 : suffixes.isEmpty() ? 0 : 1;
    }

    private static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }
}
