package io.sluice.trace;

import io.sluice.model.TraceRecord;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Which traces a reader wants: routes (the admin API's trace list takes one, the live stream
 * several), some statuses (classes such as {@code 5xx} and exact codes
 * such as {@code 503}, any of which may match), and a minimum duration. Every part is optional.
 * Parsed from the admin API's query parameters; invalid values throw
 * {@link IllegalArgumentException} with a message that names the parameter and what it accepts.
 */
public final class TraceFilter {

    public static final TraceFilter ANY = new TraceFilter(Set.of(), new boolean[6], new int[0], 0);

    /** Empty: any route. */
    private final Set<String> routes;
    /** Indexed by the status' first digit, 1..5. */
    private final boolean[] classes;
    private final int[] codes;
    private final long minMicros;

    private TraceFilter(Set<String> routes, boolean[] classes, int[] codes, long minMicros) {
        this.routes = Set.copyOf(routes);
        this.classes = classes;
        this.codes = codes;
        this.minMicros = minMicros;
    }

    /**
     * @param route     a route id, or null for any
     * @param statuses  a comma-separated list of {@code 1xx}..{@code 5xx} and codes 100..599, or null for any
     * @param minMillis the shortest duration wanted, or null for any
     */
    public static TraceFilter of(String route, String statuses, Long minMillis) {
        if (minMillis != null && minMillis < 0) {
            throw new IllegalArgumentException("minMillis must be 0 or more; got " + minMillis);
        }
        Set<String> routes = route == null || route.isBlank() ? Set.of() : Set.of(route.strip());
        return forRoutes(routes, statuses, minMillis == null ? 0 : minMillis * 1000);
    }

    /**
     * @param routes    route ids, any of which may match; empty for any
     * @param statuses  as in {@link #of(String, String, Long)}
     * @param minMicros the shortest duration wanted, 0 for any
     */
    public static TraceFilter forRoutes(Set<String> routes, String statuses, long minMicros) {
        boolean[] classes = new boolean[6];
        int[] codes = new int[0];
        if (statuses != null && !statuses.isBlank()) {
            for (String item : statuses.split(",", -1)) {
                String s = item.strip().toLowerCase(Locale.ROOT);
                if (s.length() == 3 && s.charAt(0) >= '1' && s.charAt(0) <= '5' && s.endsWith("xx")) {
                    classes[s.charAt(0) - '0'] = true;
                } else if (s.length() == 3 && s.chars().allMatch(Character::isDigit)
                        && Integer.parseInt(s) >= 100 && Integer.parseInt(s) <= 599) {
                    codes = Arrays.copyOf(codes, codes.length + 1);
                    codes[codes.length - 1] = Integer.parseInt(s);
                } else {
                    throw new IllegalArgumentException("status must be a comma-separated list of classes (1xx to 5xx)"
                            + " or codes (100 to 599), such as 5xx,429; got '" + item.strip() + "'");
                }
            }
        }
        return new TraceFilter(routes, classes, codes, minMicros);
    }

    public boolean matches(TraceRecord trace) {
        if (!routes.isEmpty() && (trace.route() == null || !routes.contains(trace.route()))) {
            return false;
        }
        if (trace.durationMicros() < minMicros) {
            return false;
        }
        return anyStatus() || statusMatches(trace.status());
    }

    private boolean anyStatus() {
        if (codes.length > 0) {
            return false;
        }
        for (boolean c : classes) {
            if (c) {
                return false;
            }
        }
        return true;
    }

    private boolean statusMatches(int status) {
        int c = status / 100;
        if (c >= 1 && c <= 5 && classes[c]) {
            return true;
        }
        for (int code : codes) {
            if (code == status) {
                return true;
            }
        }
        return false;
    }
}
