package io.sluice.profile;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * On-demand profiles of this node, like Go's pprof: record with JFR for a number of seconds into a
 * temporary file, merge the stacks into a call tree, delete the file. One profile runs at a time
 * (a second caller gets 409 saying what runs and until when); the last {@value #KEEP} results stay
 * in memory for download by id. {@link ProfileKind} says what each kind records and what it misses.
 *
 * <p>Stacks are as deep as JFR records them: 64 frames unless the JVM was started with
 * {@code -XX:FlightRecorderOptions:stackdepth=N}; deeper stacks keep their leaf end and hang under a
 * {@code (truncated)} frame. The tree is bounded as {@link StackTree} says.
 */
public final class Profiler implements AutoCloseable {

    public static final int MIN_SECONDS = 1;
    public static final int MAX_SECONDS = 300;
    static final int KEEP = 8;

    /** The profile in progress: what, since when, until when, and how to end it early. */
    private record Running(ProfileKind kind, Instant startedAt, Instant endsAt, CountDownLatch stop) {
    }

    private final String nodeId;
    private final InstantSource clock;
    private final AtomicReference<Running> running = new AtomicReference<>();
    private final Deque<ProfileResult> recent = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    public Profiler(String nodeId, InstantSource clock) {
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /**
     * Records a profile of {@code request.seconds()} and returns it with its tree; blocks the
     * calling (virtual) thread meanwhile. Ends early, with what it has, when the node stops.
     */
    public ProfileResult profile(ProfileRequest request) throws IOException, InterruptedException {
        ProfileKind kind = kind(request);
        Duration length = Duration.ofSeconds(seconds(request));
        if (!FlightRecorder.isAvailable()) {
            throw new GatewayException(Failure.INTERNAL, "this JVM has no Flight Recorder, so it cannot profile");
        }
        Instant start = clock.instant();
        Running run = new Running(kind, start, start.plus(length), new CountDownLatch(1));
        if (closed) {
            throw stopping();
        }
        if (!running.compareAndSet(null, run)) {
            throw busy(running.get());
        }
        try {
            if (closed) { // close() ran between the check and the claim and saw nothing to stop
                throw stopping();
            }
            ProfileResult result = record(run, length);
            remember(result);
            return result;
        } finally {
            running.set(null);
        }
    }

    /** The results kept, newest first, without their trees. */
    public List<ProfileResult> recent() {
        synchronized (recent) {
            return recent.stream().map(r -> new ProfileResult(r.id(), r.node(), r.kind(), r.startedAt(),
                    r.durationMillis(), r.samples(), r.unit(), null)).toList();
        }
    }

    /** A kept result with its tree. */
    public Optional<ProfileResult> find(String id) {
        synchronized (recent) {
            return recent.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    /** Ends a running profile now (its caller gets what was recorded) and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        Running r = running.get();
        if (r != null) {
            r.stop().countDown();
        }
    }

    private ProfileResult record(Running run, Duration length) throws IOException, InterruptedException {
        Path file = Files.createTempFile("sluice-profile-", ".jfr");
        try (Recording recording = new Recording()) {
            recording.setName("sluice-profile-" + run.kind().id());
            recording.setToDisk(true);
            run.kind().enable(recording);
            recording.start();
            try {
                run.stop().await(length.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                recording.stop();
            }
            Instant stoppedAt = clock.instant();
            recording.dump(file);
            StackTree tree = RecordingParser.parse(file, run.kind(), recording.getStartTime(), recording.getStopTime());
            String id = run.kind().id() + "-" + Long.toString(run.startedAt().toEpochMilli(), 36) + "-" + sequence.incrementAndGet();
            return new ProfileResult(id, nodeId, run.kind().id(), run.startedAt().toString(),
                    Duration.between(run.startedAt(), stoppedAt).toMillis(), tree.samples(), run.kind().unit(),
                    tree.toFlameNode());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void remember(ProfileResult result) {
        synchronized (recent) {
            recent.addFirst(result);
            while (recent.size() > KEEP) {
                recent.removeLast();
            }
        }
    }

    private static ProfileKind kind(ProfileRequest request) {
        ProfileKind kind = ProfileKind.of(request.kind());
        if (kind == null) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "kind must be " + ProfileKind.NAMES
                    + (request.kind() == null ? "; it is missing" : ", not '" + request.kind() + "'"));
        }
        return kind;
    }

    private static int seconds(ProfileRequest request) {
        Integer s = request.seconds();
        if (s == null || s < MIN_SECONDS || s > MAX_SECONDS) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "seconds must be a whole number from " + MIN_SECONDS
                    + " to " + MAX_SECONDS + (s == null ? "; it is missing" : ", not " + s));
        }
        return s;
    }

    private GatewayException busy(Running other) {
        if (other == null) { // it ended a moment ago; asking again will do
            return new GatewayException(Failure.PROFILE_RUNNING, "another profile was just ending on " + nodeId
                    + "; one profile runs per node at a time").withHeader("Retry-After", "1");
        }
        long left = Math.max(1, Duration.between(clock.instant(), other.endsAt()).toSeconds() + 1);
        return new GatewayException(Failure.PROFILE_RUNNING, nodeId + " is already recording a profile (kind "
                + other.kind().id() + ", started " + other.startedAt() + ", ends " + other.endsAt()
                + "); one profile runs per node at a time").withHeader("Retry-After", Long.toString(left));
    }

    private GatewayException stopping() {
        return new GatewayException(Failure.DRAINING, nodeId + " is stopping and takes no new profiles");
    }
}
