package io.sluice.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sluicectl command line: words (the command and its operands) and {@code --options}, which may
 * come anywhere, as {@code --name value} or {@code --name=value}. Commands read what they accept;
 * {@link #done()} then refuses anything left over, so a misspelt or misplaced option is an error
 * instead of being ignored.
 */
final class Args {

    private static final Set<String> VALUED = Set.of("node", "cert", "key", "ca", "keystore", "password", "comment",
            "if-match", "reason", "list", "route", "status", "min-ms", "limit", "types", "count", "kind", "seconds",
            "out", "format");
    private static final Set<String> FLAGS = Set.of("json", "yaml", "help");

    private final List<String> words;
    private final Map<String, List<String>> options;
    private final Set<String> read = new HashSet<>();

    private Args(List<String> words, Map<String, List<String>> options) {
        this.words = words;
        this.options = options;
    }

    static Args parse(String... argv) {
        List<String> words = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("-h")) {
                a = "--help";
            }
            if (!a.startsWith("--") || a.equals("--")) {
                words.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw CliException.usage("--" + name + " takes no value");
                }
                value = "true";
            } else if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw CliException.usage("--" + name + " needs a value");
                    }
                    value = argv[++i];
                }
            } else {
                throw CliException.usage("unknown option --" + name);
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Args(List.copyOf(words), options);
    }

    /** The {@code i}th word (0 is the command), or null. */
    String word(int i) {
        return i < words.size() ? words.get(i) : null;
    }

    int wordCount() {
        return words.size();
    }

    boolean flag(String name) {
        read.add(name);
        return options.containsKey(name);
    }

    /** The value of {@code --name} (given once), or null. */
    String option(String name) {
        List<String> all = options(name);
        if (all.size() > 1) {
            throw CliException.usage("--" + name + " is given " + all.size() + " times");
        }
        return all.isEmpty() ? null : all.getFirst();
    }

    /** Every value given for {@code --name}, in order. */
    List<String> options(String name) {
        read.add(name);
        return options.getOrDefault(name, List.of());
    }

    String required(String name, String what) {
        String v = option(name);
        if (v == null || v.isBlank()) {
            throw CliException.usage(commandName() + " needs --" + name + " " + what);
        }
        return v;
    }

    Long number(String name, long min, long max) {
        String v = option(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliException.usage("--" + name + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    /** Refuses options no one read and words past {@code expectedWords}. */
    void done(int expectedWords) {
        if (words.size() > expectedWords) {
            throw CliException.usage(commandName() + ": unexpected '" + words.get(expectedWords) + "'");
        }
        for (String name : options.keySet()) {
            if (!read.contains(name)) {
                throw CliException.usage(commandName() + " does not take --" + name);
            }
        }
    }

    /** The command as typed so far, for messages: {@code config apply}. */
    String commandName() {
        if (words.isEmpty()) {
            return "sluicectl";
        }
        String first = words.getFirst();
        boolean sub = words.size() > 1 && (first.equals("config") || first.equals("breakers"));
        return sub ? first + " " + words.get(1) : first;
    }
}
