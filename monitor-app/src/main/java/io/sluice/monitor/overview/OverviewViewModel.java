package io.sluice.monitor.overview;

import io.sluice.monitor.certs.CertificateReader;
import io.sluice.client.AdminEvent;
import io.sluice.model.CertificateInfo;
import io.sluice.model.MetricsSnapshot;
import io.sluice.model.NodeInfo;
import io.sluice.monitor.overview.NodeRow.Health;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.Drainable;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.NodeState.Link;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The cluster at a glance: one {@link NodeRow} per member (health, uptime, config version, days
 * left on its soonest-expiring certificate, heap) and {@link Charts} of every node's and the
 * cluster's requests/s, error rate and p99 over the last {@value #WINDOW_SECONDS} seconds.
 *
 * <p>Fed by the session on its I/O threads ({@link #nodes}, {@link #event}): those only keep the
 * newest member list and queue metrics snapshots (bounded; a full queue drops, it never blocks a
 * stream). {@link #drain()}, run by the app's {@code UiPump} on the UI thread, applies them,
 * rebuilds the rows when they changed, and publishes new {@link #chartsProperty() charts} at most
 * once a second, which is as often as nodes send metrics and keeps the charts cheap to redraw.
 *
 * <p>Certificates are not on the stream: each member is asked through the
 * {@link CertificateReader} when its link comes up and then every {@value #CERT_POLL_SECONDS}
 * seconds while it stays up (certificates are renewed by replacing files, so a renewal shows
 * within a minute). A failed read keeps the last answer and says why in the row's note.
 */
public final class OverviewViewModel implements ClusterSession.Listener, Drainable {

    /** How far back the charts reach. */
    public static final int WINDOW_SECONDS = 300;
    static final long CERT_POLL_SECONDS = 60;
    private static final Duration CHART_EVERY = Duration.ofSeconds(1);
    /** A few seconds of snapshots from a large cluster; more means the UI thread is stuck anyway. */
    private static final int QUEUE = 8192;

    private final CertificateReader certificates;
    private final Calls calls;
    private final InstantSource clock;
    private final int window;

    // written by I/O threads
    private final AtomicReference<List<NodeState>> newNodes = new AtomicReference<>();
    private final BlockingQueue<MetricsSnapshot> newMetrics = new ArrayBlockingQueue<>(QUEUE);

    // UI thread only
    private List<NodeState> nodes = List.of();
    private final Map<String, MetricSeries> series = new TreeMap<>();
    private final Map<String, Long> heap = new HashMap<>();
    private final Map<String, CertStatus> certs = new HashMap<>();
    private final Map<String, Instant> certsAskedAt = new HashMap<>();
    private final Set<String> certsInFlight = new HashSet<>();
    private final Map<String, Link> lastLink = new HashMap<>();
    private Instant chartsAt;
    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();
    private final ObservableList<NodeRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<Charts> charts;

    /** What the overview knows of one member's certificates. */
    private record CertStatus(Long daysLeft, String note) {
    }

    /**
     * @param certificates reads one member's certificates (off the UI thread, through {@code calls})
     * @param clock        the monitor's clock: the charts' "now" and the certificate poll
     */
    public OverviewViewModel(CertificateReader certificates, Calls calls, InstantSource clock) {
        this(certificates, calls, clock, WINDOW_SECONDS);
    }

    OverviewViewModel(CertificateReader certificates, Calls calls, InstantSource clock, int windowSeconds) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = windowSeconds;
        this.charts = new ReadOnlyObjectWrapper<>(this, "charts", Charts.empty(clock.instant().getEpochSecond(), window));
    }

    /** One row per member, sorted by node id. Replaced as a whole when anything in it changed. */
    public ObservableList<NodeRow> rows() {
        return rowsView;
    }

    /** The charts' data; a new value at most once a second while there is anything to draw. */
    public ReadOnlyObjectProperty<Charts> chartsProperty() {
        return charts.getReadOnlyProperty();
    }

    public Charts charts() {
        return charts.get();
    }

    // ---- ClusterSession.Listener: I/O threads, queue only ----

    @Override
    public void nodes(List<NodeState> nodes) {
        newNodes.set(List.copyOf(nodes));
    }

    @Override
    public void event(String nodeId, AdminEvent event) {
        if (event.data() instanceof MetricsSnapshot m) {
            newMetrics.offer(m); // full: this second is dropped, the next one is drawn
        }
    }

    // ---- UI thread ----

    @Override
    public void drain() {
        Instant now = clock.instant();
        boolean changed = false;
        List<NodeState> n = newNodes.getAndSet(null);
        if (n != null) {
            nodes = n;
            changed = true;
        }
        MetricsSnapshot m;
        while ((m = newMetrics.poll()) != null) {
            String node = m.node() == null ? "?" : m.node();
            series.computeIfAbsent(node, k -> new MetricSeries(window)).add(MetricSeries.Sample.of(second(m.at(), now), m));
            changed |= !Objects.equals(heap.put(node, m.heapUsedBytes()), m.heapUsedBytes());
        }
        askCertificates(now);
        if (changed) {
            showRows();
        }
        if (chartsAt == null || !now.isBefore(chartsAt.plus(CHART_EVERY))) {
            publishCharts(now);
        }
    }

    private void askCertificates(Instant now) {
        for (NodeState n : nodes) {
            String id = n.nodeId();
            Link before = lastLink.put(id, n.link());
            Instant asked = certsAskedAt.get(id);
            boolean due = asked == null || before != Link.UP
                    || !now.isBefore(asked.plusSeconds(CERT_POLL_SECONDS));
            if (n.up() && due && certsInFlight.add(id)) {
                certsAskedAt.put(id, now);
                calls.run(() -> certificates.certificates(id), list -> {
                    certsInFlight.remove(id);
                    certs.put(id, soonest(list));
                    showRows();
                }, why -> {
                    certsInFlight.remove(id);
                    CertStatus last = certs.get(id);
                    certs.put(id, new CertStatus(last == null ? null : last.daysLeft(), "certificates not read: " + why));
                    showRows();
                });
            }
        }
    }

    private static CertStatus soonest(List<CertificateInfo> list) {
        return list == null ? new CertStatus(null, "no certificates listed") : list.stream()
                .min(Comparator.comparingLong(CertificateInfo::secondsLeft))
                .map(c -> new CertStatus(c.daysLeft(), c.use() + " (" + c.kind() + ") " + c.subject()
                        + ", ends " + c.notAfter()))
                .orElse(new CertStatus(null, "no certificates listed"));
    }

    private void showRows() {
        List<NodeRow> next = nodes.stream().map(this::row).toList();
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
    }

    private NodeRow row(NodeState n) {
        NodeInfo info = n.info();
        Health health;
        String text;
        switch (n.link()) {
            case CONNECTING -> {
                health = Health.CONNECTING;
                text = "connecting";
            }
            case DOWN -> {
                health = Health.DOWN;
                text = n.problem() == null || n.problem().isBlank() ? "down" : "down: " + n.problem();
            }
            default -> {
                if (!n.member()) {
                    health = Health.LEFT;
                    text = "up, no longer a cluster member";
                } else if (info != null && info.draining()) {
                    health = Health.DRAINING;
                    text = "draining";
                } else if (info != null && info.configError() != null && !info.configError().isBlank()) {
                    health = Health.CONFIG_ERROR;
                    text = "config error: " + info.configError();
                } else {
                    health = Health.UP;
                    text = "up";
                }
            }
        }
        CertStatus cert = certs.get(n.nodeId());
        Long heapUsed = heap.get(n.nodeId());
        if (heapUsed == null && info != null && info.jvm() != null) {
            heapUsed = info.jvm().heapUsedBytes();
        }
        return new NodeRow(n.nodeId(), n.link(), health, text,
                n.up() && info != null ? Formats.uptime(info.uptimeSeconds()) : "",
                info == null ? null : info.configVersion(),
                cert == null ? null : cert.daysLeft(), cert == null ? "" : cert.note(),
                heapUsed == null ? "" : Formats.bytes(heapUsed));
    }

    private void publishCharts(Instant now) {
        long end = now.getEpochSecond();
        series.values().forEach(s -> s.trim(end));
        series.values().removeIf(MetricSeries::isEmpty);
        Charts last = charts.get();
        if (series.isEmpty() && last.isEmpty()) {
            return; // nothing drawn, nothing to draw: leave the charts alone
        }
        chartsAt = now;
        charts.set(Charts.of(new LinkedHashMap<>(series), end, window));
    }

    /** The epoch second a snapshot covers; the arrival second when a node sent no readable time. */
    private static long second(String at, Instant arrived) {
        if (at != null) {
            try {
                return Instant.parse(at).getEpochSecond();
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        return arrived.getEpochSecond();
    }
}
