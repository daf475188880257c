package io.sluice.cluster.integrity;

import io.sluice.observe.LogBudget;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts values refused by verification, per map, and logs them at WARN with map, key, reason and
 * the writing member's address when known. Logging is limited to {@value #LINES_PER_WINDOW} lines
 * per {@link #WINDOW}: a rogue member can write as fast as the network allows, and must not be able
 * to fill the disk through this log. Suppressed rejections are still counted, and the first line of
 * the next window says how many were not logged. The counters are what a metric exports.
 */
public final class Rejections {

    static final int LINES_PER_WINDOW = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

    private final String nodeId;
    private final Map<String, LongAdder> byMap = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder logged = new LongAdder();
    private final LogBudget budget;

    Rejections(String nodeId, InstantSource clock) {
        this.nodeId = nodeId;
        this.budget = new LogBudget(LINES_PER_WINDOW, WINDOW, clock);
    }

    /** Counts and (within the log budget) logs one refused value; {@code source} is the writer's address, if known. */
    void record(String map, String key, String reason, String source) {
        total.increment();
        byMap.computeIfAbsent(map, m -> new LongAdder()).increment();
        long notLogged = budget.admit();
        if (notLogged < 0) {
            return;
        }
        logged.increment();
        LOG.warn("node {} rejected {}[{}] written by {}: {}{}", nodeId, map, clip(key), source == null ? "an unknown member" : source,
                reason, LogBudget.droppedSuffix(notLogged, "rejections were"));
    }

    /** Values refused so far, all maps. */
    public long total() {
        return total.sum();
    }

    /** Values refused so far in {@code map}. */
    public long of(String map) {
        LongAdder a = byMap.get(map);
        return a == null ? 0 : a.sum();
    }

    /** Rejections that made it into the log (the rest were over the budget). */
    long logged() {
        return logged.sum();
    }

    /** Per map, sorted by name. */
    public Map<String, Long> byMap() {
        Map<String, Long> out = new TreeMap<>();
        byMap.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static String clip(String key) {
        String s = String.valueOf(key).replaceAll("[\\r\\n\\t]", " ");
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
