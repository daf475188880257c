package io.sluice.certs;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed arguments of one {@link CertsCli} sub-command: {@code --option value} (or
 * {@code --option=value}) pairs, boolean {@code --flags}, list options ({@code --add a b --add c})
 * and positional arguments (the last may be repeated: {@code FILE...}). Every problem is reported
 * as a {@link UsageException} whose message names the offending argument.
 */
final class CliArgs {

    /** A bad command line; {@link CertsCli} turns it into exit code 2 plus a usage line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    static final String DEFAULT_PASSWORD = "changeit";

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positionals = new ArrayList<>();

    private CliArgs() {
    }

    /** Like {@link #parse(List, Set, Set, Set, List)} without list options. */
    static CliArgs parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions,
            List<String> positionalNames) {
        return parse(args, valueOptions, flagOptions, Set.of(), positionalNames);
    }

    /**
     * Parses {@code args} against the options a command accepts.
     *
     * @param valueOptions options that take a value, e.g. {@code --dir}
     * @param flagOptions options without a value, e.g. {@code --force}
     * @param listOptions options that take every following argument up to the next option, and
     *                    may be repeated, e.g. {@code --add a.pem b.pem}
     * @param positionalNames names of the accepted positional arguments, in order; a last name
     *                        ending in {@code ...} takes one or more values
     */
    static CliArgs parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions,
            Set<String> listOptions, List<String> positionalNames) {
        CliArgs parsed = new CliArgs();
        boolean variadic = !positionalNames.isEmpty() && positionalNames.getLast().endsWith("...");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (parsed.positionals.size() >= positionalNames.size() && !variadic) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                parsed.positionals.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (listOptions.contains(name)) {
                List<String> list = parsed.lists.computeIfAbsent(name, k -> new ArrayList<>());
                int before = list.size();
                if (eq >= 0) {
                    list.add(arg.substring(eq + 1));
                }
                while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    list.add(args.get(++i));
                }
                if (list.size() == before || list.stream().anyMatch(String::isBlank)) {
                    throw new UsageException("option " + name + " needs a value");
                }
            } else if (flagOptions.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException("option " + name + " takes no value");
                }
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                if (value.isBlank()) {
                    throw new UsageException("option " + name + " must not be empty");
                }
                if (parsed.values.putIfAbsent(name, value) != null) {
                    throw new UsageException("option " + name + " given more than once");
                }
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        if (parsed.positionals.size() < positionalNames.size()) {
            throw new UsageException("missing argument " + positionalNames.get(parsed.positionals.size()));
        }
        return parsed;
    }

    String get(String option, String defaultValue) {
        return values.getOrDefault(option, defaultValue);
    }

    String required(String option) {
        String value = values.get(option);
        if (value == null) {
            throw new UsageException("missing required option " + option);
        }
        return value;
    }

    boolean flag(String option) {
        return flags.contains(option);
    }

    String positional(int index) {
        return positionals.get(index);
    }

    /** All positional arguments, in order (for a command whose last positional is {@code NAME...}). */
    List<String> positionals() {
        return List.copyOf(positionals);
    }

    /** Every value given to a list option, in order; empty if absent. */
    List<String> values(String option) {
        return List.copyOf(lists.getOrDefault(option, List.of()));
    }

    /** The (required) option as a path. */
    Path path(String option) {
        return toPath(option, required(option));
    }

    /** The option as a path, or null if it is absent. */
    Path optionalPath(String option) {
        String value = values.get(option);
        return value == null ? null : toPath(option, value);
    }

    /** Whether a value option was given. */
    boolean has(String option) {
        return values.containsKey(option);
    }

    static Path toPath(String what, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("invalid path for " + what + ": '" + value + "'");
        }
    }

    /** A whole number in {@code [1, max]}, or {@code defaultValue} if the option is absent. */
    int positiveInt(String option, int defaultValue, int max) {
        String value = values.get(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("invalid " + option + " '" + value + "': expected a whole number from 1 to " + max);
    }

    /** A comma-separated option as a list without blanks; empty if absent. */
    List<String> list(String option) {
        String value = values.get(option);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A name used for files and as the certificate CN: letters, digits, '.', '_' and '-'. */
    String fileName(String option) {
        String value = required(option);
        if (!value.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) {
            throw new UsageException("invalid " + option + " '" + value
                    + "': use up to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'");
        }
        return value;
    }

    /** {@code --password}, defaulting to the development password {@value #DEFAULT_PASSWORD}. */
    char[] password() {
        return get("--password", DEFAULT_PASSWORD).toCharArray();
    }
}
