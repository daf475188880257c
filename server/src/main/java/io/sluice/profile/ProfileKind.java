package io.sluice.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What a profile of each kind asks JFR to record, and how much each recorded event weighs.
 *
 * <ul>
 *   <li>{@code cpu}: {@code jdk.ExecutionSample} every {@value #SAMPLE_PERIOD_MILLIS} ms, one unit per
 *       sample. JFR samples threads running Java code, virtual threads included (it walks the stack
 *       of the virtual thread mounted on a carrier), at most five threads per period, so with more
 *       than five busy threads the shares stay right but the counts stop growing. A sample is
 *       resolved where the thread next polls for a safepoint, so time in a small method the JIT
 *       inlined can land on its caller: read a hot frame as "here or in what it inlined".</li>
 *   <li>{@code alloc}: {@code jdk.ObjectAllocationInNewTLAB}, weighing the size of the new TLAB
 *       (the bytes its thread goes on to allocate there), and {@code jdk.ObjectAllocationOutsideTLAB},
 *       weighing the object: one event per TLAB refill, so allocation sites are sampled in proportion
 *       to the bytes they allocate and the weights add up to about what was allocated. A leaf frame
 *       names the type, such as {@code (new byte[])}. Not {@code jdk.ObjectAllocationSample}: its
 *       weight is what the OS thread allocated since that thread's previous sample, in any earlier
 *       recording, so the first sample of each carrier thread would carry everything it allocated
 *       since the last profile (measured: 100 MB first samples against a 1.6 MB median), and a
 *       virtual thread's event does not say which carrier it ran on, so they cannot be dropped.</li>
 *   <li>{@code wall}: where threads spend elapsed time, in nanoseconds: every execution sample weighs
 *       one sample period, and every wait of at least {@value #WAIT_THRESHOLD_MILLIS} ms weighs its
 *       duration (clipped to the profile's window) under a leaf frame that says what it waited on:
 *       {@code (parked)}, {@code (sleeping)}, {@code (Object.wait)}, {@code (blocked on monitor)},
 *       {@code (socket read)}, {@code (socket write)}, {@code (file read)}, {@code (file write)}.
 *       Idle pool threads count too (a parked Jetty or carrier thread is wall time like any other).
 *       What it misses: a virtual thread that parks (LockSupport, locks, futures, Jetty's
 *       demand for request content, rate-limit shaping) unmounts and JFR records no event for it,
 *       whereas its socket I/O and sleeps are recorded; waits shorter than the threshold; waits
 *       still in progress when the profile ends (JFR writes an event when it ends); threads in
 *       native code other than socket and file I/O; and running threads beyond JFR's five per
 *       sample period.</li>
 * </ul>
 */
public enum ProfileKind {
    CPU("cpu", "samples"),
    ALLOC("alloc", "bytes"),
    WALL("wall", "nanoseconds");

    static final long SAMPLE_PERIOD_MILLIS = 20;
    static final long WAIT_THRESHOLD_MILLIS = 1;
    /** The kinds, for messages that say what is allowed. */
    public static final String NAMES = "cpu, alloc or wall";

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String NEW_TLAB = "jdk.ObjectAllocationInNewTLAB";
    private static final String OUTSIDE_TLAB = "jdk.ObjectAllocationOutsideTLAB";
    /** Off-CPU events of a wall profile and the leaf frame each gets. */
    private static final Map<String, String> WAITS = Map.of(
            "jdk.ThreadPark", "(parked)",
            "jdk.ThreadSleep", "(sleeping)",
            "jdk.JavaMonitorWait", "(Object.wait)",
            "jdk.JavaMonitorEnter", "(blocked on monitor)",
            "jdk.SocketRead", "(socket read)",
            "jdk.SocketWrite", "(socket write)",
            "jdk.FileRead", "(file read)",
            "jdk.FileWrite", "(file write)");

    private final String id;
    private final String unit;

    ProfileKind(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    /** The name used in requests and results: {@code cpu}, {@code alloc} or {@code wall}. */
    public String id() {
        return id;
    }

    /** What a frame's weight counts: {@code samples}, {@code bytes} or {@code nanoseconds}. */
    public String unit() {
        return unit;
    }

    /** The kind named {@code id} (any case), or null. */
    public static ProfileKind of(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (ProfileKind k : values()) {
            if (k.id.equals(wanted)) {
                return k;
            }
        }
        return null;
    }

    void enable(Recording recording) {
        switch (this) {
            case CPU -> recording.enable(EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(SAMPLE_PERIOD_MILLIS));
            case ALLOC -> {
                recording.enable(NEW_TLAB).withStackTrace();
                recording.enable(OUTSIDE_TLAB).withStackTrace();
            }
            case WALL -> {
                recording.enable(EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(SAMPLE_PERIOD_MILLIS));
                for (String wait : WAITS.keySet()) {
                    recording.enable(wait).withThreshold(Duration.ofMillis(WAIT_THRESHOLD_MILLIS)).withStackTrace();
                }
            }
        }
    }

    /**
     * The weight of {@code e} within the profile's window {@code [from, to]}; 0 for events this
     * kind does not count (other event types, which other recordings in the JVM may add to the
     * file, and events outside the window).
     */
    long weight(RecordedEvent e, Instant from, Instant to) {
        String type = e.getEventType().getName();
        return switch (this) {
            case CPU -> type.equals(EXECUTION_SAMPLE) && within(e, from, to) ? 1 : 0;
            case ALLOC -> {
                if (!within(e, from, to)) {
                    yield 0;
                }
                yield type.equals(NEW_TLAB) ? Math.max(0, e.getLong("tlabSize"))
                        : type.equals(OUTSIDE_TLAB) ? Math.max(0, e.getLong("allocationSize")) : 0;
            }
            case WALL -> {
                if (type.equals(EXECUTION_SAMPLE)) {
                    yield within(e, from, to) ? Duration.ofMillis(SAMPLE_PERIOD_MILLIS).toNanos() : 0;
                }
                if (!WAITS.containsKey(type)) {
                    yield 0;
                }
                Instant start = e.getStartTime().isBefore(from) ? from : e.getStartTime();
                Instant end = e.getEndTime().isAfter(to) ? to : e.getEndTime();
                yield Math.max(0, Duration.between(start, end).toNanos());
            }
        };
    }

    /** A synthetic leaf frame for {@code e} (what it allocated or waited on), or null. */
    String leaf(RecordedEvent e) {
        return switch (this) {
            case CPU -> null;
            case ALLOC -> e.getClass("objectClass") == null ? "(new ?)" : "(new " + javaName(e.getClass("objectClass").getName()) + ")";
            case WALL -> WAITS.get(e.getEventType().getName());
        };
    }

    private static boolean within(RecordedEvent e, Instant from, Instant to) {
        return !e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to);
    }

    /** {@code [B} → {@code byte[]}, {@code [Ljava.lang.String;} → {@code java.lang.String[]}; others unchanged. */
    static String javaName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0 || dims == jvmName.length()) {
            return jvmName;
        }
        String element = jvmName.substring(dims);
        String base = switch (element.charAt(0)) {
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'D' -> "double";
            case 'F' -> "float";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'S' -> "short";
            case 'Z' -> "boolean";
            case 'L' -> element.substring(1, element.endsWith(";") ? element.length() - 1 : element.length());
            default -> element;
        };
        return base + "[]".repeat(dims);
    }
}
