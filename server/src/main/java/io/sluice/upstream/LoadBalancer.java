package io.sluice.upstream;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the endpoint for the next attempt among the {@link Endpoint#available() available} ones.
 * {@code avoid} is the endpoint that just failed, so a retry goes elsewhere when there is an
 * elsewhere; when it is the only endpoint available it is picked again. When no endpoint is
 * available the pick fails with 503 {@link Failure#NO_HEALTHY_ENDPOINT} instead of sending traffic
 * to endpoints known to be down (no "panic mode"; see {@link io.sluice.health.UpstreamHealth}).
 *
 * <p>Implementations are lock-free. When every endpoint is available a pick costs what it did
 * before health existed plus one volatile read; skipping costs more only while something is down.
 */
public sealed interface LoadBalancer {

    Endpoint pick(Endpoint avoid);

    static LoadBalancer of(String kind, List<Endpoint> endpoints) {
        return switch (kind) {
            case "weighted" -> new Weighted(endpoints);
            case "least-request" -> new LeastRequest(endpoints);
            default -> new RoundRobin(endpoints);
        };
    }

    private static boolean eligible(Endpoint e, Endpoint avoid) {
        return e != avoid && e.available();
    }

    /** When nothing but {@code avoid} is left: {@code avoid} if it is available, else 503. */
    private static Endpoint lastResort(Endpoint avoid) {
        if (avoid != null && avoid.available()) {
            return avoid;
        }
        throw new GatewayException(Failure.NO_HEALTHY_ENDPOINT, "no healthy endpoint for this route");
    }

    /**
     * Each endpoint in turn. A skipped endpoint still consumes its turn, so its share goes round the
     * others instead of all landing on the endpoint after it.
     */
    final class RoundRobin implements LoadBalancer {
        private final Endpoint[] endpoints;
        private final AtomicInteger next = new AtomicInteger();

        RoundRobin(List<Endpoint> endpoints) {
            this.endpoints = endpoints.toArray(Endpoint[]::new);
        }

        @Override
        public Endpoint pick(Endpoint avoid) {
            int n = endpoints.length;
            int turn = 0;
            for (int tries = 0; tries < n; tries++) {
                turn = next.getAndIncrement();
                Endpoint e = endpoints[Math.floorMod(turn, n)];
                if (eligible(e, avoid)) {
                    return e;
                }
            }
            // Concurrent picks take turns in between, so n turns may all have landed on skipped
            // endpoints even though another is available: look at each once before giving up.
            for (int i = 1; i <= n; i++) {
                Endpoint e = endpoints[Math.floorMod(turn + i, n)];
                if (eligible(e, avoid)) {
                    return e;
                }
            }
            return lastResort(avoid);
        }
    }

    /**
     * Smooth weighted round robin (the NGINX algorithm) computed once into a cyclic schedule, so
     * each pick is one atomic increment and weights interleave instead of arriving in bursts. A slot
     * of an endpoint that cannot be picked goes to a weighted random choice among those that can:
     * the shares stay proportional to the weights without walking a long run of skipped slots.
     */
    final class Weighted implements LoadBalancer {
        private final Endpoint[] endpoints;
        private final Endpoint[] schedule;
        private final AtomicInteger next = new AtomicInteger();

        Weighted(List<Endpoint> endpoints) {
            this.endpoints = endpoints.toArray(Endpoint[]::new);
            int total = endpoints.stream().mapToInt(Endpoint::weight).sum();
            int[] current = new int[endpoints.size()];
            schedule = new Endpoint[total];
            for (int slot = 0; slot < total; slot++) {
                int best = 0;
                for (int i = 0; i < current.length; i++) {
                    current[i] += endpoints.get(i).weight();
                    if (current[i] > current[best]) {
                        best = i;
                    }
                }
                current[best] -= total;
                schedule[slot] = endpoints.get(best);
            }
        }

        @Override
        public Endpoint pick(Endpoint avoid) {
            Endpoint e = schedule[Math.floorMod(next.getAndIncrement(), schedule.length)];
            return eligible(e, avoid) ? e : byWeight(avoid);
        }

        private Endpoint byWeight(Endpoint avoid) {
            int total = 0;
            for (Endpoint e : endpoints) {
                if (eligible(e, avoid)) {
                    total += e.weight();
                }
            }
            if (total == 0) {
                return lastResort(avoid);
            }
            int left = ThreadLocalRandom.current().nextInt(total);
            Endpoint last = null;
            for (Endpoint e : endpoints) {
                if (eligible(e, avoid)) {
                    last = e;
                    left -= e.weight();
                    if (left < 0) {
                        return e;
                    }
                }
            }
            return last != null ? last : lastResort(avoid); // availability changed between the two passes
        }
    }

    /**
     * Power of two random choices: of two random endpoints, the one with fewer requests in flight.
     * When only one of the two can be picked it wins; when neither can, the first one that can,
     * counting on from a random place.
     */
    final class LeastRequest implements LoadBalancer {
        private final Endpoint[] endpoints;

        LeastRequest(List<Endpoint> endpoints) {
            this.endpoints = endpoints.toArray(Endpoint[]::new);
        }

        @Override
        public Endpoint pick(Endpoint avoid) {
            int n = endpoints.length;
            if (n == 1) {
                return lastResort(endpoints[0]);
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int a = random.nextInt(n);
            int b = random.nextInt(n - 1);
            if (b >= a) {
                b++;
            }
            Endpoint first = endpoints[a];
            Endpoint second = endpoints[b];
            boolean firstOk = eligible(first, avoid);
            boolean secondOk = eligible(second, avoid);
            if (firstOk && secondOk) {
                return second.inFlight() < first.inFlight() ? second : first;
            }
            if (firstOk || secondOk) {
                return firstOk ? first : second;
            }
            for (int i = 1; i < n; i++) {
                Endpoint e = endpoints[(a + i) % n];
                if (eligible(e, avoid)) {
                    return e;
                }
            }
            return lastResort(avoid);
        }
    }
}
