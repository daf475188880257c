package io.sluice.cli;

import io.sluice.client.AdminCall;
import io.sluice.client.AdminClient;
import io.sluice.client.AdminException;
import io.sluice.client.NodeUnreachableException;
import io.sluice.client.TraceQuery;
import io.sluice.model.BreakersView;
import io.sluice.model.OverrideRequest;
import java.io.PrintStream;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code sluicectl}: the admin API from the shell, for people (aligned tables, relative times) and
 * for scripts ({@code --json}, exit codes 0 ok / 1 refused or unreachable / 2 usage). Usage in
 * {@link Usage}; scripts/sluicectl.sh runs it. {@link #run} is the whole program minus
 * {@code System.exit}, so tests run it in-process against a real cluster.
 */
public final class Sluicectl {

    private static final Set<String> COMMANDS = Set.of("status", "nodes", "node", "routes", "upstreams", "breakers", "trip",
            "reset", "auto", "config", "limits", "certificates", "traces", "tail", "profile", "threads", "drain", "metrics",
            "help");

    private final Map<String, String> env;
    private final InstantSource clock;
    private final ZoneId zone;
    private final PrintStream out;
    private final PrintStream err;

    public Sluicectl(Map<String, String> env, InstantSource clock, ZoneId zone, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.zone = zone;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Sluicectl(System.getenv(), InstantSource.system(), ZoneId.systemDefault(), System.out, System.err)
                .run(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... argv) {
        try {
            Args args = Args.parse(argv);
            String command = args.word(0);
            if (args.flag("help") || "help".equals(command)) {
                out.print(Usage.COMMANDS + Usage.DETAILS);
                return 0;
            }
            if (command == null) {
                throw CliException.usage("which command?");
            }
            if (!COMMANDS.contains(command)) {
                throw CliException.usage("unknown command '" + command + "'");
            }
            Target target = Target.from(args, env);
            String warning = target.certificateWarning(clock.instant());
            if (warning != null) {
                err.println("sluicectl: warning: " + warning);
            }
            try (AdminClient client = target.connect()) {
                return dispatch(new Session(args, out, err, clock, zone, client, target.nodeId()));
            }
        } catch (CliException e) {
            err.println("sluicectl: " + e.getMessage());
            if (e.showUsage()) {
                err.print(Usage.COMMANDS);
                err.println("(sluicectl --help says more)");
            }
            return e.exitCode();
        } catch (AdminException e) {
            err.println("sluicectl: refused (" + e.status() + " " + e.title() + ")" + (e.detail() == null ? "" : ": " + e.detail()));
            return 1;
        } catch (NodeUnreachableException e) {
            err.println("sluicectl: cannot reach " + e.node() + ": " + e.reason());
            err.println(e.tlsFailure()
                    ? "  (is the client certificate from the cluster CA, and does the CA bundle trust the node's certificate?)"
                    : "  (is the node running? pick one with --node URL or SLUICE_ADMIN; scripts/demo.sh starts a demo cluster)");
            return 1;
        } catch (RuntimeException e) {
            err.println("sluicectl: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private static int dispatch(Session s) {
        Args a = s.args;
        String command = a.word(0);
        switch (command) {
            case "status" -> {
                return StatusCommand.run(s);
            }
            case "nodes" -> show(s, 1, AdminCall.nodes(), v -> ClusterViews.nodes(v, s.now()));
            case "node" -> show(s, 1, AdminCall.node(), v -> ClusterViews.node(v, s.now()));
            case "routes" -> show(s, 1, AdminCall.routes(), TrafficViews::routes);
            case "upstreams" -> show(s, 1, AdminCall.upstreams(), v -> TrafficViews.upstreams(v, s.now()));
            case "limits" -> show(s, 1, AdminCall.limits(), TrafficViews::limits);
            case "certificates" -> show(s, 1, AdminCall.certificates(), ClusterViews::certificates);
            case "metrics" -> show(s, 1, AdminCall.metrics(), text -> text);
            case "breakers" -> {
                String sub = a.word(1);
                if (sub == null || sub.equals("list")) {
                    show(s, sub == null ? 1 : 2, AdminCall.breakers(), (BreakersView v) -> TrafficViews.breakers(v, s.now()));
                } else if (Set.of("trip", "reset", "auto").contains(sub)) {
                    override(s, sub, 2);
                } else {
                    throw CliException.usage("breakers " + sub + " is not a command; use list, trip, reset or auto");
                }
            }
            case "trip", "reset", "auto" -> override(s, command, 1);
            case "config" -> {
                return ConfigCommands.run(s);
            }
            case "traces" -> traces(s);
            case "tail" -> {
                return TailCommand.run(s);
            }
            case "profile" -> {
                return NodeCommands.profile(s);
            }
            case "threads" -> {
                return NodeCommands.threads(s);
            }
            case "drain" -> {
                return NodeCommands.drain(s);
            }
            default -> throw CliException.usage("unknown command '" + command + "'");
        }
        return 0;
    }

    private static <T> void show(Session s, int words, AdminCall<T> call, Function<T, String> render) {
        s.args.done(words);
        s.show(call, render);
    }

    /** {@code trip|reset|auto BREAKER --reason TEXT}; {@code at} is where BREAKER is among the words. */
    private static void override(Session s, String action, int at) {
        String breaker = s.args.word(at);
        if (breaker == null) {
            throw CliException.usage(action + " needs a BREAKER name (see sluicectl breakers)");
        }
        String reason = s.args.required("reason", "TEXT (it is recorded with your name)");
        s.args.done(at + 1);
        String mode = switch (action) {
            case "trip" -> "forced-open";
            case "reset" -> "forced-closed";
            default -> "auto";
        };
        s.show(AdminCall.override(new OverrideRequest(breaker, mode, reason)), TrafficViews::override);
    }

    private static void traces(Session s) {
        TraceQuery query;
        try {
            String list = s.args.option("list");
            Long limit = s.args.number("limit", 1, 10_000);
            query = new TraceQuery(list == null ? "recent" : list, s.args.option("route"), s.args.option("status"),
                    s.args.number("min-ms", 0, Long.MAX_VALUE), limit == null ? null : limit.intValue());
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        s.args.done(1);
        s.show(AdminCall.traces(query), v -> TrafficViews.traces(v, s.now(), s.zone()));
    }
}
