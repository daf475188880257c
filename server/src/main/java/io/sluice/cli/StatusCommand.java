package io.sluice.cli;

import io.sluice.client.AdminClient;
import io.sluice.client.AdminException;
import io.sluice.client.NodeUnreachableException;
import io.sluice.model.BreakerInfo;
import io.sluice.model.BreakersView;
import io.sluice.model.CertificateInfo;
import io.sluice.model.NodeInfo;
import io.sluice.model.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code sluicectl status}: the whole cluster in one table. The entry node lists the members and
 * every breaker; each member is then asked, in parallel, for itself and its certificates. A member
 * that does not answer keeps its row, with why, and makes the exit code 1.
 */
final class StatusCommand {

    /** One member's row; {@code --json} prints these. */
    record Row(String nodeId, String adminUrl, NodeInfo node, List<String> breakersNotClosed, Long certificateDaysLeft,
               String error) {
    }

    /** Breaker states that let every call through; the others are worth a look. */
    private static final Set<String> PASSING = Set.of("CLOSED", "DISABLED", "METRICS_ONLY");

    private StatusCommand() {
    }

    static int run(Session s) {
        s.args.done(1);
        AdminClient entry = s.client();
        List<NodeStatus> members = entry.nodes().stream().sorted(Comparator.comparing(NodeStatus::nodeId)).toList();
        List<BreakerInfo> breakers = null;
        String breakersError = null;
        try {
            BreakersView view = entry.breakers();
            breakers = view.breakers();
        } catch (RuntimeException e) {
            breakersError = message(e);
        }
        List<Row> rows = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Row>> asked = new ArrayList<>();
            for (NodeStatus m : members) {
                List<String> notClosed = breakers == null ? null : breakers.stream()
                        .filter(b -> m.nodeId().equals(b.node()) && !PASSING.contains(b.state()))
                        .map(b -> b.name() + " " + b.state()).sorted().toList();
                asked.add(pool.submit(() -> ask(entry, m, notClosed)));
            }
            for (Future<Row> f : asked) {
                rows.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        if (s.json) {
            s.printJson(rows);
        } else {
            s.out.print(table(rows, s));
            if (breakersError != null) {
                s.err.println("sluicectl: breakers unknown: " + breakersError);
            }
        }
        int failed = 0;
        for (Row r : rows) {
            if (r.error() != null) {
                s.err.println("sluicectl: " + r.nodeId() + ": " + r.error());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static Row ask(AdminClient entry, NodeStatus m, List<String> notClosed) {
        if (m.adminUrl() == null) {
            return new Row(m.nodeId(), null, null, notClosed, null, "publishes no admin URL");
        }
        NodeInfo info;
        Long daysLeft = null;
        try {
            AdminClient node = entry.forNode(m.adminUrl());
            info = node.node();
            daysLeft = node.certificates().stream().map(CertificateInfo::daysLeft).min(Long::compare).orElse(null);
        } catch (AdminException | NodeUnreachableException e) {
            return new Row(m.nodeId(), m.adminUrl(), null, notClosed, daysLeft, message(e));
        }
        return new Row(m.nodeId(), m.adminUrl(), info, notClosed, daysLeft, null);
    }

    private static String table(List<Row> rows, Session s) {
        Table t = new Table("NODE", "VERSION", "UPTIME", "CONFIG", "DRAINING", "BREAKERS NOT CLOSED", "CERT DAYS", "ADMIN");
        for (Row r : rows) {
            NodeInfo n = r.node();
            String breakers = r.breakersNotClosed() == null ? "?" : r.breakersNotClosed().isEmpty() ? "none"
                    : String.join(", ", r.breakersNotClosed());
            if (n == null) {
                t.row(r.nodeId(), "?", "?", "?", "?", breakers, r.certificateDaysLeft(), r.adminUrl() + " (" + r.error() + ")");
                continue;
            }
            long uptime = n.uptimeSeconds();
            if (uptime == 0 && Human.instant(n.startedAt()) != null) {
                uptime = java.time.Duration.between(Human.instant(n.startedAt()), s.now()).toSeconds();
            }
            String config = "v" + n.configVersion() + (n.configError() == null ? "" : " (newer failed: " + n.configError() + ")");
            t.row(r.nodeId(), n.version(), Human.uptime(uptime), config, n.draining() ? "DRAINING" : "no", breakers,
                    r.certificateDaysLeft(), r.adminUrl());
        }
        return t.render("(no nodes)");
    }

    static String message(RuntimeException e) {
        return switch (e) {
            case AdminException a -> a.status() + " " + a.title() + (a.detail() == null ? "" : ": " + a.detail());
            case NodeUnreachableException u -> "unreachable: " + u.reason();
            default -> e.getMessage();
        };
    }
}
