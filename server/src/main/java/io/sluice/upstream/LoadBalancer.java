package io.sluice.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the endpoint for the next attempt. {@code avoid} is the endpoint that just failed, so a
 * retry goes elsewhere when there is an elsewhere. Implementations are lock-free.
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

    /** Each endpoint in turn. */
    final class RoundRobin implements LoadBalancer {
        private final Endpoint[] endpoints;
        private final AtomicInteger next = new AtomicInteger();

        RoundRobin(List<Endpoint> endpoints) {
            this.endpoints = endpoints.toArray(Endpoint[]::new);
        }

        @Override
        public Endpoint pick(Endpoint avoid) {
            Endpoint e = endpoints[Math.floorMod(next.getAndIncrement(), endpoints.length)];
            if (e == avoid && endpoints.length > 1) {
                e = endpoints[Math.floorMod(next.getAndIncrement(), endpoints.length)];
            }
            return e;
        }
    }

    /**
     * Smooth weighted round robin (the NGINX algorithm) computed once into a cyclic schedule, so
     * each pick is one atomic increment and weights interleave instead of arriving in bursts.
     */
    final class Weighted implements LoadBalancer {
        private final Endpoint[] schedule;
        private final AtomicInteger next = new AtomicInteger();

        Weighted(List<Endpoint> endpoints) {
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
            for (int tries = 0; tries < schedule.length; tries++) {
                Endpoint e = schedule[Math.floorMod(next.getAndIncrement(), schedule.length)];
                if (e != avoid) {
                    return e;
                }
            }
            return schedule[0];
        }
    }

    /** Power of two random choices: of two random endpoints, the one with fewer requests in flight. */
    final class LeastRequest implements LoadBalancer {
        private final Endpoint[] endpoints;

        LeastRequest(List<Endpoint> endpoints) {
            this.endpoints = endpoints.toArray(Endpoint[]::new);
        }

        @Override
        public Endpoint pick(Endpoint avoid) {
            int n = endpoints.length;
            if (n == 1) {
                return endpoints[0];
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int a = random.nextInt(n);
            int b = random.nextInt(n - 1);
            if (b >= a) {
                b++;
            }
            Endpoint first = endpoints[a];
            Endpoint second = endpoints[b];
            if (first == avoid) {
                return second;
            }
            if (second == avoid) {
                return first;
            }
            return second.inFlight() < first.inFlight() ? second : first;
        }
    }
}
