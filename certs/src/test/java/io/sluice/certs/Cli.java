package io.sluice.certs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link CertsCli} in-process and keeps what it printed, for the command tests. */
final class Cli {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs one command; stdout and stderr of the previous command are discarded. */
    int run(String... args) {
        out.reset();
        err.reset();
        return CertsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; fails the test with its stderr otherwise. */
    String ok(String... args) {
        int code = run(args);
        if (code != 0) {
            throw new AssertionError("certs " + String.join(" ", args) + " exited " + code + ":\n" + err() + out());
        }
        return out();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
