package io.sluice.certs;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line front end of the Sluice PKI tool ({@code scripts/certs.sh}): creates a CA, issues
 * node, operator and client certificates, inspects key stores, renews certificates, edits trust
 * bundles, probes what a server presents, and prepares a development setup, so that operators
 * and scripts never need openssl or keytool incantations.
 *
 * <p>Exit codes: 0 success, 2 bad arguments (one-line message naming the argument, then the
 * command's usage line), 1 any other failure (one-line message, no stack trace).
 */
public final class CertsCli {

    /** One sub-command: its syntax and what it runs. */
    private record Command(String usage, Set<String> options, Set<String> flags, Set<String> lists,
            List<String> positionals, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        void run(CliArgs args, PrintStream out);
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("create-ca", new Command(
                "certs create-ca --dir DIR [--cn NAME] [--days N] [--password PW] [--force]",
                Set.of("--dir", "--cn", "--days", "--password"), Set.of("--force"), Set.of(), List.of(),
                CliCommands::createCa));
        COMMANDS.put("issue-node", new Command(
                "certs issue-node --ca-dir DIR --name NODE [--dns a,b] [--ip 127.0.0.1,...] [--days N]"
                        + " [--password PW] --out DIR2",
                Set.of("--ca-dir", "--name", "--dns", "--ip", "--days", "--password", "--out"), Set.of(), Set.of(),
                List.of(), (args, out) -> CliCommands.issue(args, out, CliCommands.Kind.NODE)));
        COMMANDS.put("issue-operator", new Command(
                "certs issue-operator --ca-dir DIR --name NAME --role viewer|operator [--days N] [--password PW]"
                        + " --out DIR2",
                Set.of("--ca-dir", "--name", "--role", "--days", "--password", "--out"), Set.of(), Set.of(),
                List.of(), (args, out) -> CliCommands.issue(args, out, CliCommands.Kind.OPERATOR)));
        COMMANDS.put("issue-client", new Command(
                "certs issue-client --ca-dir DIR --name NAME [--days N] [--password PW] --out DIR2",
                Set.of("--ca-dir", "--name", "--days", "--password", "--out"), Set.of(), Set.of(), List.of(),
                (args, out) -> CliCommands.issue(args, out, CliCommands.Kind.CLIENT)));
        COMMANDS.put("inspect", new Command(
                "certs inspect FILE [--password PW]",
                Set.of("--password"), Set.of(), Set.of(), List.of("FILE"), Inspector::inspect));
        COMMANDS.put("renew", new Command(
                "certs renew FILE.p12 [FILE.p12 ...] --ca-dir DIR [--days N] [--password PW]",
                Set.of("--ca-dir", "--days", "--password"), Set.of(), Set.of(), List.of("FILE.p12..."),
                Renewal::run));
        COMMANDS.put("trust-bundle", new Command(
                "certs trust-bundle --out TRUST.p12 [--add CA.pem|CA.p12 ...] [--remove CA.pem|SERIAL ...]"
                        + " [--pem FILE] [--password PW]",
                Set.of("--out", "--pem", "--password"), Set.of(), Set.of("--add", "--remove"), List.of(),
                TrustBundle::run));
        COMMANDS.put("probe", new Command(
                "certs probe HOST:PORT [HOST:PORT ...] [--cert FILE.p12] [--trust TRUST.p12|CA.pem] [--password PW]"
                        + " [--server-name NAME] [--expect-serial HEX,...] [--wait SECONDS] [--json]",
                Set.of("--cert", "--trust", "--password", "--server-name", "--expect-serial", "--wait"),
                Set.of("--json"), Set.of(), List.of("HOST:PORT..."), ProbeCommand::run));
        COMMANDS.put("dev-setup", new Command(
                "certs dev-setup --dir DIR [--nodes N] [--password PW]",
                Set.of("--dir", "--nodes", "--password"), Set.of(), Set.of(), List.of(), DevSetup::run));
    }

    static final String USAGE = """
            Sluice certificate tool: a small CA for mutual TLS between Sluice nodes, operators and clients.

            usage:
              %s
                  new CA (EC P-256): DIR/ca.p12 (key, alias "ca") and DIR/ca.pem; --cn default
                  "Sluice CA", --days default 3650. Refuses to replace a CA unless --force
                  (the old one is then kept as ca.p12.bak-<UTC timestamp>).
              %s
                  node certificate (role node: OU=node; serverAuth + clientAuth) with DNS/IP
                  alternative names (default: DNS=NODE): DIR2/NODE.p12 (alias NODE), NODE.pem
                  (chain), NODE.key (PKCS8, owner-only), and DIR2/truststore.p12 (the CA) if
                  missing. --days default 397.
              %s
                  operator certificate for the monitor and scripts (clientAuth, OU=viewer: may
                  read the admin API; OU=operator: may also act): the same files under DIR2.
              %s
                  client certificate for a caller (clientAuth, no role): the same files under DIR2.
              %s
                  subject, role (OU), issuer, SANs, EKU, serial (hex), not-after and days left of
                  every certificate in a .p12 (key store, or trust store with several CAs) or .pem.
              %s
                  rotation: reissues the certificate in each key store with a NEW key and serial
                  but the same subject (CN + role), SANs and key usages, signed by the CA in DIR
                  (another CA than before moves it to that CA). Replaces FILE.p12 and, if present,
                  FILE.pem/FILE.key atomically (backups kept); nothing is replaced unless every
                  file could be renewed. Prints "renewed FILE: serial OLD -> NEW, not-after ...".
                  --days default: the old certificate's lifetime. Running nodes reload the file.
              %s
                  creates or edits a trust store holding several CAs (the bundle for a CA
                  rotation): adds the CA(s) in each file, removes CAs named by file or by hex
                  serial, refuses to remove the last one, and writes the same CAs as a PEM
                  bundle (--pem, default TRUST.pem next to it). Prints what it then trusts.
              %s
                  real TLS handshake with each server (presenting --cert if given: the admin port
                  requires one), verifying its chain against --trust (default: the JDK's CAs) and
                  its name (the host, or --server-name, also sent as SNI); prints the served
                  certificate's subject, role, issuer, serial, not-after and days left, one JSON
                  line per server with --json. --expect-serial (one per server) with --wait polls
                  until each serves that serial. Exit 1 if a handshake fails or a serial is not seen.
              %s
                  development setup, safe to re-run: DIR/ca/ (CA), node-1..node-N (default 3) for
                  localhost and 127.0.0.1, operator and viewer certificates, DIR/truststore.p12
                  and DIR/ca-bundle.pem; reissues what is missing, expiring, from another CA or
                  without its role (node certificates from before OU=node).
              certs help

            Scripts built on it: scripts/rotate-certs.sh (renew node and operator certificates and
            check that nodes serve them), scripts/rotate-ca.sh (replace the CA in three phases).

            Exit codes: 0 ok, 2 bad arguments, 1 any other failure. The password (key stores and
            keys) defaults to "changeit". That default is for development only: pass --password
            for anything else.
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
            err.println("usage: certs " + String.join("|", COMMANDS.keySet()) + "|help ... (see certs help)");
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
            CliArgs parsed = CliArgs.parse(rest, command.options(), command.flags(), command.lists(),
                    command.positionals());
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
