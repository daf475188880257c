package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.client.AdminEvent;
import io.sluice.client.EventFilter;
import io.sluice.client.EventStream;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sluicectl tail}: a node's live stream, one line per event, until Ctrl-C or {@code --count}
 * events. With {@code --json} each line is {@code {"type":..., "id":..., "data":...}}, the data as the
 * node sent it.
 */
final class TailCommand {

    private TailCommand() {
    }

    static int run(Session s) {
        EventFilter filter;
        try {
            String types = s.args.option("types");
            filter = new EventFilter(types == null ? List.of() : Arrays.stream(types.split(",")).map(String::strip).toList(),
                    s.args.option("route"), s.args.option("status"), s.args.number("min-ms", 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Long count = s.args.number("count", 1, Long.MAX_VALUE);
        s.args.done(1);
        AtomicLong seen = new AtomicLong();
        CountDownLatch enough = new CountDownLatch(1);
        EventStream stream = s.client().events(filter, event -> { // on the stream's reader thread, one at a time
            long n = seen.incrementAndGet();
            if (count != null && n > count) {
                return;
            }
            s.out.println(s.json ? json(event) : line(event, s.zone()));
            s.out.flush();
            if (count != null && n == count) {
                enough.countDown();
            }
        });
        Thread.ofVirtual().start(() -> {
            try {
                stream.await();
            } catch (InterruptedException e) {
                // the run is ending anyway
            }
            enough.countDown();
        });
        try {
            enough.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean endedByNode = !stream.isOpen() && (count == null || seen.get() < count);
        stream.close();
        if (endedByNode) {
            Throwable why = stream.failure();
            throw CliException.failed("the live stream of " + s.client().baseUrl() + " ended"
                    + (why == null ? " (the node closed it: stopped or draining?)" : ": " + why.getMessage()));
        }
        return 0;
    }

    static String json(AdminEvent event) {
        ObjectNode line = Session.JSON.createObjectNode().put("type", event.type()).put("id", event.id());
        try {
            line.set("data", Session.JSON.readTree(event.json()));
        } catch (JsonProcessingException e) {
            line.put("data", event.json());
        }
        return line.toString();
    }

    /** One event as one line: the time it happened, the node, the type, then what matters for that type. */
    static String line(AdminEvent event, ZoneId zone) {
        return switch (event.data()) {
            case TraceRecord t -> at(Instant.EPOCH.plusNanos(t.startEpochMicros() * 1000), zone) + "  " + t.node()
                    + "  trace    " + t.status() + " " + t.method() + " " + t.path() + "  " + Human.micros(t.durationMicros())
                    + "  route=" + t.route() + (t.endpoint() == null ? "" : " endpoint=" + t.endpoint())
                    + (t.failure() == null ? "" : " failure=" + t.failure())
                    + (t.attempts() > 1 ? " attempts=" + t.attempts() : "") + "  trace=" + t.traceId();
            case StreamEvent.Breaker b -> at(b.at(), zone) + "  " + b.node() + "  breaker  " + b.breaker() + " " + b.from()
                    + " → " + b.to();
            case StreamEvent.Config c -> at(c.at(), zone) + "  " + c.node() + "  config   "
                    + (c.error() == null ? "now runs v" + c.version() + " by " + c.author() + ": " + c.comment()
                    : "cannot run v" + c.version() + ": " + c.error());
            case StreamEvent.Health h -> at(h.at(), zone) + "  " + h.node() + "  health   " + h.upstream() + " " + h.endpoint()
                    + " " + h.from() + " → " + h.to() + (h.why() == null ? "" : " (" + h.why() + ")");
            case MetricsSnapshot m -> at(m.at(), zone) + "  " + m.node() + "  metrics  " + Human.rate(m.requestsPerSecond())
                    + " requests, " + Human.rate(m.errorsPerSecond()) + " 5xx, p50 " + Human.millis(m.p50Millis()) + ", p99 "
                    + Human.millis(m.p99Millis()) + ", " + m.inFlight() + " in flight, heap " + Human.bytes(m.heapUsedBytes())
                    + ", " + m.clusterMembers() + " members";
            case StreamEvent.Dropped d -> at(d.at(), zone) + "  dropped " + d.count()
                    + " events: this reader was too slow (narrow it with --types or filters)";
            case null, default -> event.type() + "  " + event.json();
        };
    }

    private static String at(String iso, ZoneId zone) {
        Instant at = Human.instant(iso);
        return at == null ? String.valueOf(iso) : Human.clock(at, zone);
    }

    private static String at(Instant at, ZoneId zone) {
        return Human.clock(at, zone);
    }
}
