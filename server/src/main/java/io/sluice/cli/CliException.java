package io.sluice.cli;

/**
 * A failure sluicectl reports in one line and an exit code: 2 for what the user typed or set up
 * ({@link #usage}: the command line, unreadable certificate files), 1 for what the cluster said
 * or did (no such node).
 */
class CliException extends RuntimeException {

    private final int exitCode;
    private final boolean showUsage;

    private CliException(int exitCode, boolean showUsage, String message) {
        super(message);
        this.exitCode = exitCode;
        this.showUsage = showUsage;
    }

    /** The command line is wrong: one line, then the usage. */
    static CliException usage(String message) {
        return new CliException(2, true, message);
    }

    /** The set-up is wrong (files, environment): one line with what to set, no usage. */
    static CliException setup(String message) {
        return new CliException(2, false, message);
    }

    /** The cluster answered, but not as hoped. */
    static CliException failed(String message) {
        return new CliException(1, false, message);
    }

    int exitCode() {
        return exitCode;
    }

    boolean showUsage() {
        return showUsage;
    }
}
