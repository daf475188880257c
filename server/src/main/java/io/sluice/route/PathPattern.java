package io.sluice.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The path part of a route match: exact, prefix (on segment boundaries) or template with
 * {@code {name}} segments. Immutable; {@link #match} returns the captured params or null.
 *
 * <p>A prefix {@code /api} matches {@code /api}, {@code /api/} and {@code /api/x} but not
 * {@code /apix}; a prefix ending in '/' matches anything below it. A template parameter
 * matches one non-empty segment.
 */
public sealed interface PathPattern {

    /** Captured template params, or null when the path does not match. */
    Map<String, String> match(String path);

    /** Sort key: higher is more specific (exact 3, template 2, prefix 1). */
    int kindRank();

    /** Secondary sort key inside a kind: longer prefixes and more literal segments first. */
    int weight();

    static PathPattern exact(String path) {
        return new Exact(path);
    }

    static PathPattern prefix(String prefix) {
        return new Prefix(prefix);
    }

    static PathPattern template(String template) {
        return Template.parse(template);
    }

    record Exact(String path) implements PathPattern {
        @Override
        public Map<String, String> match(String p) {
            return path.equals(p) ? Map.of() : null;
        }

        @Override
        public int kindRank() {
            return 3;
        }

        @Override
        public int weight() {
            return path.length();
        }
    }

    record Prefix(String prefix) implements PathPattern {
        @Override
        public Map<String, String> match(String p) {
            if (!p.startsWith(prefix)) {
                return null;
            }
            if (p.length() == prefix.length() || prefix.endsWith("/") || p.charAt(prefix.length()) == '/') {
                return Map.of();
            }
            return null;
        }

        @Override
        public int kindRank() {
            return 1;
        }

        @Override
        public int weight() {
            return prefix.length();
        }
    }

    /** Segments are literals or {@code {name}}; {@code null} in names marks a literal. */
    record Template(String template, List<String> literals, List<String> names) implements PathPattern {

        static Template parse(String template) {
            String[] parts = template.substring(1).split("/", -1);
            List<String> literals = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String part : parts) {
                if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
                    String name = part.substring(1, part.length() - 1);
                    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new IllegalArgumentException("'" + part + "' is not a template parameter: use {name} with letters, digits, _");
                    }
                    if (names.contains(name)) {
                        throw new IllegalArgumentException("parameter {" + name + "} appears twice");
                    }
                    literals.add(null);
                    names.add(name);
                } else if (part.contains("{") || part.contains("}")) {
                    throw new IllegalArgumentException("'" + part + "' mixes text and a parameter: a parameter must be a whole segment");
                } else {
                    literals.add(part);
                    names.add(null);
                }
            }
            return new Template(template, java.util.Collections.unmodifiableList(literals), java.util.Collections.unmodifiableList(names));
        }

        @Override
        public Map<String, String> match(String p) {
            if (p.isEmpty() || p.charAt(0) != '/') {
                return null;
            }
            Map<String, String> params = null;
            int start = 1;
            int n = literals.size();
            for (int i = 0; i < n; i++) {
                int end = p.indexOf('/', start);
                boolean last = i == n - 1;
                if (last ? end >= 0 : end < 0) {
                    return null;
                }
                String segment = last ? p.substring(start) : p.substring(start, end);
                String literal = literals.get(i);
                if (literal != null) {
                    if (!literal.equals(segment)) {
                        return null;
                    }
                } else {
                    if (segment.isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new HashMap<>(4);
                    }
                    params.put(names.get(i), segment);
                }
                start = end + 1;
            }
            return params == null ? Map.of() : params;
        }

        @Override
        public int kindRank() {
            return 2;
        }

        @Override
        public int weight() {
            int literalCount = (int) literals.stream().filter(java.util.Objects::nonNull).count();
            return literalCount * 100 + literals.size();
        }
    }
}
