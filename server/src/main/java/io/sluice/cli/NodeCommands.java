package io.sluice.cli;

import io.sluice.client.AdminCall;
import io.sluice.client.AdminResponse;
import io.sluice.model.FlameNode;
import io.sluice.model.NodeInfo;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Commands about one node rather than the cluster: profile it, dump its threads, drain it. */
final class NodeCommands {

    private static final Set<String> KINDS = Set.of("cpu", "alloc", "wall");
    private static final Set<String> PROFILE_FORMATS = Set.of("collapsed", "speedscope", "json");
    private static final Set<String> THREAD_FORMATS = Set.of("text", "json");

    private NodeCommands() {
    }

    /** {@code profile --kind K --seconds N --out FILE [--format F]}: blocks while the node profiles itself. */
    static int profile(Session s) {
        String kind = oneOf(s, "kind", KINDS, null);
        Long seconds = s.args.number("seconds", 1, 300);
        if (seconds == null) {
            throw CliException.usage("profile needs --seconds N (1 to 300)");
        }
        Path out = Path.of(s.args.required("out", "FILE"));
        String format = oneOf(s, "format", PROFILE_FORMATS, "collapsed");
        s.args.done(1);
        ProfileRequest request = new ProfileRequest(kind, seconds.intValue());
        s.err.println("sluicectl: profiling " + s.client().baseUrl() + " (" + kind + ", " + seconds + " s)...");
        if (format.equals("json")) {
            AdminResponse answer = s.client().fetch(AdminCall.profile(request));
            write(out, answer.body());
            s.out.print(summary(decode(answer), out));
        } else {
            byte[] body = s.client().send(AdminCall.profileDownload(request, format));
            write(out, body);
            s.out.println("wrote " + out + ": " + Human.bytes(body.length) + " of " + (format.equals("collapsed")
                    ? "collapsed stacks (flamegraph.pl, or drop it on https://www.speedscope.app)"
                    : "speedscope JSON (drop it on https://www.speedscope.app)"));
        }
        return 0;
    }

    /** {@code threads [--format text|json] [--out FILE]}: a thread dump with virtual threads. */
    static int threads(Session s) {
        String format = oneOf(s, "format", THREAD_FORMATS, "text");
        String out = s.args.option("out");
        s.args.done(1);
        String dump = s.client().threads(format);
        if (out == null) {
            s.out.print(dump);
        } else {
            write(Path.of(out), dump.getBytes(StandardCharsets.UTF_8));
            s.out.println("wrote " + out + ": thread dump of " + s.client().baseUrl() + " (" + Human.bytes(dump.length()) + ")");
        }
        return 0;
    }

    /** {@code drain --reason R}: the node stops taking connections, finishes what it has, and stays up until stopped. */
    static int drain(Session s) {
        String reason = s.args.required("reason", "TEXT (it is logged with your name)");
        s.args.done(1);
        s.show(AdminCall.drain(reason), (NodeInfo n) -> n.nodeId() + " is draining: it takes no new connections and "
                + "finishes the requests it has; its admin API stays up until you stop the node (SIGTERM)\n");
        return 0;
    }

    private static ProfileResult decode(AdminResponse answer) {
        try {
            return Session.JSON.readValue(answer.body(), ProfileResult.class);
        } catch (IOException e) {
            throw CliException.failed("the profile is not the JSON this tool knows: " + e.getMessage());
        }
    }

    /** The profile in a few lines: what, how long, how many samples, and the frames that were on top most. */
    static String summary(ProfileResult p, Path file) {
        StringBuilder s = new StringBuilder();
        s.append("wrote ").append(file).append(": ").append(p.kind()).append(" profile of ").append(p.node()).append(", ")
                .append(p.durationMillis() / 1000.0).append(" s, ").append(p.samples()).append(" samples (id ")
                .append(p.id()).append(")\n");
        Map<String, Long> self = new HashMap<>();
        collectSelf(p.root(), self);
        long total = p.root() == null ? 0 : Math.max(1, p.root().total());
        List<Map.Entry<String, Long>> top = new ArrayList<>(self.entrySet());
        top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        Table t = new Table("SELF", p.unit() == null ? "WEIGHT" : p.unit().toUpperCase(java.util.Locale.ROOT), "FRAME");
        for (var e : top.subList(0, Math.min(10, top.size()))) {
            t.row(String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / total), e.getValue(), e.getKey());
        }
        return s.append(t.render("(no samples)")).toString();
    }

    private static void collectSelf(FlameNode node, Map<String, Long> self) {
        if (node == null) {
            return;
        }
        if (node.self() > 0) {
            self.merge(node.name(), node.self(), Long::sum);
        }
        if (node.children() != null) {
            node.children().forEach(c -> collectSelf(c, self));
        }
    }

    private static String oneOf(Session s, String option, Set<String> allowed, String otherwise) {
        String v = s.args.option(option);
        if (v == null && otherwise != null) {
            return otherwise;
        }
        if (v == null || !allowed.contains(v)) {
            throw CliException.usage(s.args.commandName() + " needs --" + option + " " + String.join("|", allowed.stream().sorted().toList())
                    + (v == null ? "" : ", got '" + v + "'"));
        }
        return v;
    }

    private static void write(Path file, byte[] body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, body);
        } catch (IOException e) {
            throw CliException.setup("cannot write " + file + ": " + e.getMessage());
        }
    }
}
