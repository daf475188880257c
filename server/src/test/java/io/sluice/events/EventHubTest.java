package io.sluice.events;

import static io.sluice.testing.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.StreamEvent;
import io.sluice.model.TraceRecord;
import io.sluice.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub: filtering per subscriber, bounded queues that drop and count, never blocking a publisher. */
class EventHubTest {

    private final MutableClock clock = new MutableClock();
    private final EventHub hub = new EventHub(clock, 4, 3);

    private static EventFilter filter(String types) {
        return EventFilter.parse(Map.of("types", List.of(types)));
    }

    private static List<Event> drain(Subscription s) {
        List<Event> out = new ArrayList<>();
        for (Event e = s.poll(); e != null; e = s.poll()) {
            out.add(e);
        }
        return out;
    }

    @Test
    void shouldGiveEachSubscriberWhatItsFilterAccepts() {
        Subscription traces = hub.subscribe(EventFilter.parse(Map.of("types", List.of("trace"), "status", List.of("5xx"))));
        Subscription everything = hub.subscribe(EventFilter.ALL);

        hub.offer(trace("shop", 200, 3));
        hub.offer(trace("shop", 502, 3));
        hub.publish(EventType.BREAKER, new StreamEvent.Breaker("node-1", "app", "CLOSED", "OPEN", "t"));

        assertThat(drain(traces)).extracting(e -> ((TraceRecord) e.payload()).status()).containsExactly(502);
        assertThat(drain(everything)).extracting(Event::type)
                .containsExactly(EventType.TRACE, EventType.TRACE, EventType.BREAKER);
    }

    @Test
    void shouldShareOneEventWithOneIdBetweenSubscribers() {
        Subscription a = hub.subscribe(EventFilter.ALL);
        Subscription b = hub.subscribe(EventFilter.ALL);
        hub.publish(EventType.HEALTH, "x");
        hub.publish(EventType.HEALTH, "y");

        Event first = a.poll();
        assertThat(b.poll()).isSameAs(first);
        assertThat(a.poll().id()).isGreaterThan(first.id());
    }

    @Test
    void shouldDropPastCapacityAndReportTheCountOnceCaughtUp() {
        Subscription s = hub.subscribe(filter("health"));
        for (int i = 0; i < 10; i++) {
            hub.publish(EventType.HEALTH, "h" + i);
        }
        assertThat(s.droppedTotal()).isEqualTo(6);

        List<Event> read = drain(s);
        assertThat(read).extracting(Event::payload).startsWith("h0", "h1", "h2", "h3");
        assertThat(read).hasSize(5);
        assertThat(read.getLast().type()).isEqualTo(EventType.DROPPED);
        assertThat(((StreamEvent.Dropped) read.getLast().payload()).count()).isEqualTo(6);
        assertThat(((StreamEvent.Dropped) read.getLast().payload()).at()).isEqualTo(clock.instant().toString());
        assertThat(s.poll()).as("the count is reported once").isNull();
    }

    @Test
    void shouldReportTheGapBeforeTheFirstEventThatFitsAgain() {
        Subscription s = hub.subscribe(filter("health"));
        for (int i = 0; i < 7; i++) {
            hub.publish(EventType.HEALTH, "h" + i);
        }
        s.poll(); // room for one again

        hub.publish(EventType.HEALTH, "after");

        List<Event> read = drain(s);
        assertThat(read).extracting(e -> e.type() == EventType.DROPPED ? "dropped:" + ((StreamEvent.Dropped) e.payload()).count()
                : e.payload()).containsExactly("h1", "h2", "h3", "dropped:3", "after");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldNeverBlockAPublisherWhenASubscriberDoesNotRead() {
        Subscription stuck = hub.subscribe(EventFilter.ALL);
        for (int i = 0; i < 200_000; i++) {
            hub.offer(trace("shop", 200, 1));
        }
        assertThat(stuck.droppedTotal()).isEqualTo(200_000 - 4);
        assertThat(hub.dropped()).isEqualTo(200_000 - 4);
    }

    @Test
    void shouldListenForTracesOnlyWhileASubscriberWantsThem() {
        assertThat(hub.listening()).isFalse();
        Subscription metrics = hub.subscribe(filter("metrics"));
        assertThat(hub.listening()).isFalse();
        assertThat(hub.wants(EventType.METRICS)).isTrue();

        Subscription traces = hub.subscribe(filter("trace"));
        assertThat(hub.listening()).isTrue();

        traces.close();
        assertThat(hub.listening()).isFalse();
        metrics.close();
        assertThat(hub.wants(EventType.METRICS)).isFalse();
        assertThat(hub.subscribers()).isZero();
    }

    @Test
    void shouldWakeAWaitingReaderWhenAnEventArrives() throws Exception {
        Subscription s = hub.subscribe(EventFilter.ALL);
        CompletableFuture<Event> read = CompletableFuture.supplyAsync(() -> s.next(Duration.ofMinutes(1).toNanos()));
        hub.publish(EventType.CONFIG, "v2");
        assertThat(read.get(30, TimeUnit.SECONDS).payload()).isEqualTo("v2");
    }

    @Test
    void shouldReturnNullWhenNothingCameInTime() {
        Subscription s = hub.subscribe(EventFilter.ALL);
        assertThat(s.next(Duration.ofMillis(20).toNanos())).isNull();
        assertThat(s.isClosed()).isFalse();
    }

    @Test
    void shouldEndEveryStreamAndRefuseNewOnesWhenClosed() throws Exception {
        Subscription s = hub.subscribe(EventFilter.ALL);
        CompletableFuture<Event> read = CompletableFuture.supplyAsync(() -> s.next(Duration.ofMinutes(1).toNanos()));

        hub.close();

        assertThat(read.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(s.isClosed()).isTrue();
        assertThat(hub.subscribers()).isZero();
        assertThatThrownBy(() -> hub.subscribe(EventFilter.ALL)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.DRAINING));
    }

    @Test
    void shouldRefuseSubscribersPastTheMaximum() {
        for (int i = 0; i < 3; i++) {
            hub.subscribe(EventFilter.ALL);
        }
        assertThatThrownBy(() -> hub.subscribe(EventFilter.ALL)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.LOAD_SHED);
            assertThat(e.getMessage()).contains("3 subscribers");
        });
    }

    @Test
    void shouldFrameAnEventAsIdEventAndDataLines() {
        Subscription s = hub.subscribe(EventFilter.ALL);
        hub.publish(EventType.BREAKER, new StreamEvent.Breaker("node-1", "app", "CLOSED", "FORCED_OPEN", "2025-01-01T00:00:00Z"));
        Event e = s.poll();
        assertThat(new String(e.frame(), StandardCharsets.UTF_8)).isEqualTo("id: " + e.id() + "\nevent: breaker\n"
                + "data: {\"node\":\"node-1\",\"breaker\":\"app\",\"from\":\"CLOSED\",\"to\":\"FORCED_OPEN\",\"at\":\"2025-01-01T00:00:00Z\"}\n\n");
        assertThat(new String(Event.encode(7, EventType.CONFIG, "a\nb"), StandardCharsets.UTF_8))
                .isEqualTo("id: 7\nevent: config\ndata: a\ndata: b\n\n");
    }
}
