package io.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cluster.Json;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.FlameNode;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real JFR recordings of this test JVM, each a second or two long, of threads doing known work. */
class ProfilerTest {

    private static final String PREFIX = ProfilerTest.class.getName() + ".";
    static volatile long sink;
    static volatile Object escape;
    static volatile boolean stop;

    private final Profiler profiler = new Profiler("node-1", InstantSource.system());
    private final List<Thread> workers = new ArrayList<>();

    @BeforeEach
    void go() {
        stop = false;
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        stop = true;
        for (Thread t : workers) {
            t.join(5_000);
        }
        profiler.close();
    }

    // Each worker loops inside its own method, so the hot code is that method's frame and not
    // something the JIT inlined into a caller; allocations escape so that they are not optimised away.

    static void spinHere() {
        long x = 0;
        while (!stop) {
            x = x * 31 + System.nanoTime();
        }
        sink = x;
    }

    static void allocateHere() {
        while (!stop) {
            escape = new byte[4096];
        }
    }

    static void sleepHere() {
        try {
            while (!stop) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void keepDoing(Thread.Builder builder, Runnable work) {
        workers.add(builder.start(work));
    }

    @Test
    void shouldShowAMethodSpinningOnAVirtualThreadWithALargeShareOfACpuProfile() throws Exception {
        keepDoing(Thread.ofVirtual().name("spinner"), ProfilerTest::spinHere);

        ProfileResult r = profiler.profile(new ProfileRequest("cpu", 1));

        assertThat(r.kind()).isEqualTo("cpu");
        assertThat(r.unit()).isEqualTo("samples");
        assertThat(r.node()).isEqualTo("node-1");
        assertThat(r.samples()).isPositive().isEqualTo(r.root().total());
        assertThat(weightOf(r.root(), n -> n.name().equals(PREFIX + "spinHere")))
                .as("spinHere's share of %s", r.root()).isGreaterThan(r.root().total() / 2);

        String collapsed = ProfileFormats.collapsed(r.root());
        assertThat(collapsed.lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum())
                .isEqualTo(r.root().total());
        assertThat(collapsed.lines().filter(l -> l.contains("spinHere")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.indexOf("java.lang.VirtualThread.run")).as("root first: " + l)
                        .isGreaterThanOrEqualTo(0).isLessThan(l.indexOf(PREFIX + "spinHere")));

        JsonNode speedscope = Json.mapper().readTree(ProfileFormats.speedscope(r));
        JsonNode samples = speedscope.at("/profiles/0/samples");
        JsonNode weights = speedscope.at("/profiles/0/weights");
        int frames = speedscope.at("/shared/frames").size();
        assertThat(samples.size()).isEqualTo(weights.size()).isEqualTo((int) collapsed.lines().count());
        long sum = 0;
        for (int i = 0; i < samples.size(); i++) {
            samples.get(i).forEach(index -> assertThat(index.asInt()).isBetween(0, frames - 1));
            sum += weights.get(i).asLong();
        }
        assertThat(sum).isEqualTo(r.root().total());
    }

    @Test
    void shouldWeighAllocationsInBytesUnderTheAllocatingMethodAndTheAllocatedType() throws Exception {
        keepDoing(Thread.ofPlatform().name("allocator"), ProfilerTest::allocateHere);

        ProfileResult r = profiler.profile(new ProfileRequest("alloc", 1));

        assertThat(r.unit()).isEqualTo("bytes");
        long allocating = weightOf(r.root(), n -> n.name().equals(PREFIX + "allocateHere"));
        assertThat(allocating).as("allocateHere's share of %s", r.root()).isGreaterThan(r.root().total() / 2);
        assertThat(weightOf(r.root(), n -> n.name().equals("(new byte[])"))).isPositive();
    }

    @Test
    void shouldCountSleepsOfVirtualThreadsByTheirDurationInAWallProfile() throws Exception {
        keepDoing(Thread.ofVirtual().name("sleeper"), ProfilerTest::sleepHere);

        ProfileResult r = profiler.profile(new ProfileRequest("wall", 1));

        assertThat(r.unit()).isEqualTo("nanoseconds");
        FlameNode sleeping = find(r.root(), n -> n.name().equals(PREFIX + "sleepHere"));
        assertThat(sleeping).as("sleepHere in %s", r.root()).isNotNull();
        assertThat(weightOf(sleeping, n -> n.name().equals("(sleeping)")))
                .as("time asleep under sleepHere (Thread.sleep's own frames in between)")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void shouldRejectUnknownKindsAndSecondsOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> profiler.profile(new ProfileRequest("heap", 1)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_ADMIN_REQUEST))
                .hasMessage("kind must be cpu, alloc or wall, not 'heap'");
        assertThatThrownBy(() -> profiler.profile(new ProfileRequest(null, 1))).hasMessageContaining("kind must be");
        assertThatThrownBy(() -> profiler.profile(new ProfileRequest("cpu", 0)))
                .hasMessage("seconds must be a whole number from 1 to 300, not 0");
        assertThatThrownBy(() -> profiler.profile(new ProfileRequest("cpu", 301))).hasMessageContaining("not 301");
        assertThatThrownBy(() -> profiler.profile(new ProfileRequest("cpu", null))).hasMessageContaining("it is missing");
    }

    @Test
    void shouldEndARunningProfileEarlyWithWhatItHasWhenClosedAndRefuseNewOnes() throws Exception {
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                return profiler.profile(new ProfileRequest("cpu", 60));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        profiler.close();

        ProfileResult r = running.get(30, TimeUnit.SECONDS);
        assertThat(r.durationMillis()).isLessThan(30_000);
        assertThat(profiler.recent()).extracting(ProfileResult::id).containsExactly(r.id());
        assertThat(profiler.recent().getFirst().root()).as("lists carry no trees").isNull();
        assertThat(profiler.find(r.id())).hasValueSatisfying(kept -> assertThat(kept.root()).isNotNull());
        assertThatThrownBy(() -> profiler.profile(new ProfileRequest("cpu", 1)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.failure()).isEqualTo(Failure.DRAINING));
    }

    /** The summed total of every node matching {@code which} (a method can appear on several paths), outermost only. */
    static long weightOf(FlameNode n, Predicate<FlameNode> which) {
        if (which.test(n)) {
            return n.total();
        }
        long sum = 0;
        for (FlameNode c : n.children()) {
            sum += weightOf(c, which);
        }
        return sum;
    }

    static FlameNode find(FlameNode n, Predicate<FlameNode> which) {
        if (which.test(n)) {
            return n;
        }
        for (FlameNode c : n.children()) {
            FlameNode f = find(c, which);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
