package io.sluice.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small validation helpers for config record constructors; each failure names the field. */
final class Checks {

    private Checks() {
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ConfigException.missing(field);
        }
        return value;
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static int range(String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw ConfigException.invalid(field, v, "must be between " + min + " and " + max);
        }
        return v;
    }

    static long atLeast(String field, Long value, long fallback, long min) {
        long v = value == null ? fallback : value;
        if (v < min) {
            throw ConfigException.invalid(field, v, "must be at least " + min);
        }
        return v;
    }

    static Duration positive(String field, Duration value, Duration fallback) {
        Duration v = value == null ? fallback : value;
        if (v.isNegative() || v.isZero()) {
            throw ConfigException.invalid(field, DurationParser.format(v), "must be a positive duration such as 500ms, 2s or 1m");
        }
        return v;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    static String oneOf(String field, String value, String fallback, List<String> allowed) {
        String v = value == null ? fallback : value;
        if (!allowed.contains(v)) {
            throw ConfigException.invalid(field, v, "allowed values are " + String.join(", ", allowed));
        }
        return v;
    }

    /** Runs a check on list element {@code i} and prefixes failures with {@code field[i]}. */
    static void each(String field, List<?> items, java.util.function.ObjIntConsumer<Object> check) {
        for (int i = 0; i < items.size(); i++) {
            try {
                check.accept(items.get(i), i);
            } catch (ConfigException e) {
                throw e.under(field + "[" + i + "]");
            }
        }
    }
}
