package io.sluice.cli;

import io.sluice.client.AdminCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code config show|get|apply|history|rollback}: the cluster's versioned shared config. */
final class ConfigCommands {

    private ConfigCommands() {
    }

    static int run(Session s) {
        String sub = s.args.word(1);
        if (sub == null) {
            throw CliException.usage("config needs show, apply, history or rollback");
        }
        switch (sub) {
            case "show", "get" -> show(s);
            case "apply" -> apply(s);
            case "history" -> {
                s.args.done(2);
                s.show(AdminCall.configHistory(), v -> ClusterViews.history(v, s.now(), s.zone()));
            }
            case "rollback" -> rollback(s);
            default -> throw CliException.usage("config " + sub + " is not a command; use show, apply, history or rollback");
        }
        return 0;
    }

    /** {@code config show [VERSION] [--yaml]}: the running version (or one from the history) with its text. */
    private static void show(Session s) {
        Long version = s.args.wordCount() > 2 ? version(s.args.word(2)) : null;
        boolean yamlOnly = s.args.flag("yaml");
        s.args.done(version == null ? 2 : 3);
        if (yamlOnly && s.json) {
            throw CliException.usage("config show takes --yaml or --json, not both");
        }
        if (yamlOnly) {
            s.out.print(version == null ? s.client().configYaml() : s.client().configVersion(version).yaml());
            return;
        }
        s.show(version == null ? AdminCall.config() : AdminCall.configVersion(version),
                v -> ClusterViews.version(v, s.now(), s.zone()));
    }

    /** {@code config apply FILE [--comment C] [--if-match N]}. */
    private static void apply(Session s) {
        String file = s.args.word(2);
        if (file == null) {
            throw CliException.usage("config apply needs a FILE (YAML: upstreams, routes, rateLimits)");
        }
        String comment = s.args.option("comment");
        Long ifMatch = s.args.number("if-match", 1, Long.MAX_VALUE);
        s.args.done(3);
        String yaml;
        try {
            yaml = Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.setup("config apply: no such file " + file);
        } catch (IOException e) {
            throw CliException.setup("config apply: cannot read " + file + ": " + e.getMessage());
        }
        if (comment == null) {
            comment = "applied from " + Path.of(file).getFileName();
        }
        s.show(AdminCall.applyConfig(yaml, comment, ifMatch), ClusterViews::applied);
    }

    /** {@code config rollback VERSION [--comment C]}: VERSION's text becomes the next version. */
    private static void rollback(Session s) {
        String v = s.args.word(2);
        if (v == null) {
            throw CliException.usage("config rollback needs a VERSION number (see config history)");
        }
        long version = version(v);
        String comment = s.args.option("comment");
        s.args.done(3);
        s.show(AdminCall.rollback(version, comment), ClusterViews::applied);
    }

    private static long version(String word) {
        try {
            long v = Long.parseLong(word);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw CliException.usage("a config VERSION is a number from 1 up, got '" + word + "'");
    }
}
