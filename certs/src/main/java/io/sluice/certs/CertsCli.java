package io.sluice.certs;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line front end of the Sluice PKI tool ({@code scripts/certs.sh}): creates a CA, issues
 * node and client certificates, inspects key stores and prepares a development setup, so that
 * operators and scripts never need openssl or keytool incantations.
 *
 * <p>Exit codes: 0 success, 2 bad arguments (one-line message naming the argument, then the
 * command's usage line), 1 any other failure (one-line message, no stack trace).
 */
public final class CertsCli {

    /** One sub-command: its syntax and what it runs. */
    private record Command(String usage, Set<String> options, Set<String> flags, List<String> positionals,
            Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        void run(CliArgs args, PrintStream out);
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("create-ca", new Command(
                "certs create-ca --dir DIR [--cn NAME] [--days N] [--password PW] [--force]",
                Set.of("--dir", "--cn", "--days", "--password"), Set.of("--force"), List.of(),
                CliCommands::createCa));
        COMMANDS.put("issue-node", new Command(
                "certs issue-node --ca-dir DIR --name NODE [--dns a,b] [--ip 127.0.0.1,...] [--days N]"
                        + " [--password PW] --out DIR2",
                Set.of("--ca-dir", "--name", "--dns", "--ip", "--days", "--password", "--out"), Set.of(),
                List.of(), (args, out) -> CliCommands.issue(args, out, true)));
        COMMANDS.put("issue-client", new Command(
                "certs issue-client --ca-dir DIR --name NAME [--days N] [--password PW] --out DIR2",
                Set.of("--ca-dir", "--name", "--days", "--password", "--out"), Set.of(), List.of(),
                (args, out) -> CliCommands.issue(args, out, false)));
        COMMANDS.put("inspect", new Command(
                "certs inspect FILE [--password PW]",
                Set.of("--password"), Set.of(), List.of("FILE"), Inspector::inspect));
        COMMANDS.put("dev-setup", new Command(
                "certs dev-setup --dir DIR [--nodes N] [--password PW]",
                Set.of("--dir", "--nodes", "--password"), Set.of(), List.of(), CliCommands::devSetup));
    }

    static final String USAGE = """
            Sluice certificate tool: a small CA for mutual TLS between Sluice nodes and clients.

            usage:
              %s
                  new CA (EC P-256): DIR/ca.p12 (key, alias "ca") and DIR/ca.pem; --cn default
                  "Sluice CA", --days default 3650. Refuses to replace a CA unless --force
                  (the old one is then kept as ca.p12.bak-<UTC timestamp>).
              %s
                  node certificate (serverAuth + clientAuth) with DNS/IP alternative names
                  (default: DNS=NODE): DIR2/NODE.p12 (alias NODE), NODE.pem, NODE.key (PKCS8),
                  and DIR2/truststore.p12 (the CA) if missing. --days default 397.
              %s
                  client certificate (clientAuth): the same files under DIR2.
              %s
                  subject, issuer, SANs, serial, expiry and days left of each certificate in
                  a .p12 or .pem file.
              %s
                  development setup, safe to re-run: DIR/ca/ (CA) and node-1..node-N (default 3)
                  for localhost and 127.0.0.1 if missing or stale, plus DIR/truststore.p12.
              certs help

            The password (key stores and keys) defaults to "changeit". That default is for
            development only: pass --password for anything else.
            """.formatted(COMMANDS.values().stream().map(Command::usage).toArray());

    private CertsCli() {
    }

    /** Runs the tool and exits the JVM with {@link #run}'s exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code (0 ok, 1 failure, 2 bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args == null || args.length == 0) {
            err.println("certs: missing command");
            err.println("usage: certs create-ca|issue-node|issue-client|inspect|dev-setup|help ... (see certs help)");
            return 2;
        }
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (List.of("help", "--help", "-h").contains(name)) {
            out.print(USAGE);
            return 0;
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            err.println("certs: unknown command '" + name + "'");
            err.println("usage: certs " + String.join("|", COMMANDS.keySet()) + "|help ... (see certs help)");
            return 2;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println("usage: " + command.usage());
            return 0;
        }
        try {
            CliArgs parsed = CliArgs.parse(rest, command.options(), command.flags(), command.positionals());
            command.handler().run(parsed, out);
            return 0;
        } catch (CliArgs.UsageException | IllegalArgumentException e) {
            err.println("certs " + name + ": " + e.getMessage());
            err.println("usage: " + command.usage());
            return 2;
        } catch (RuntimeException e) {
            err.println("certs " + name + ": error: " + describe(e));
            if (System.getenv("SLUICE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** The message of {@code e}, plus the cause's if it adds something. */
    private static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
