package io.sluice.route;

import io.sluice.config.PinConfig;
import io.sluice.config.SplitConfig;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Which upstream a matched request goes to: the one upstream of a plain route, or, for a canary /
 * gray-release route, one group of a weighted split. A pinned request (its header or cookie names
 * a group of the split) always goes to that group, so a tester or a coloured client sees the canary
 * consistently. Weights are per request, not per client: without a pin, one client's requests spread
 * over the groups in the configured proportions.
 */
public final class UpstreamChoice {

    private final List<String> ids;
    private final int[] cumulative;
    private final PinConfig pin;
    private final IntUnaryOperator random;

    private UpstreamChoice(List<String> ids, int[] cumulative, PinConfig pin, IntUnaryOperator random) {
        this.ids = ids;
        this.cumulative = cumulative;
        this.pin = pin;
        this.random = random;
    }

    public static UpstreamChoice single(String upstreamId) {
        return new UpstreamChoice(List.of(upstreamId), new int[] {1}, null, bound -> 0);
    }

    public static UpstreamChoice split(List<SplitConfig> split, PinConfig pin) {
        return split(split, pin, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** As {@link #split(List, PinConfig)} with a chosen source of randomness (tests). */
    static UpstreamChoice split(List<SplitConfig> split, PinConfig pin, IntUnaryOperator random) {
        int[] cumulative = new int[split.size()];
        int sum = 0;
        for (int i = 0; i < split.size(); i++) {
            sum += split.get(i).weight();
            cumulative[i] = sum;
        }
        return new UpstreamChoice(split.stream().map(SplitConfig::upstream).toList(), cumulative, pin, random);
    }

    /** Every upstream this route can send to. */
    public List<String> upstreamIds() {
        return ids;
    }

    /**
     * The upstream for one request. {@code headers} and {@code cookies} look up a request header or
     * cookie by name and are only called for a pinned split.
     */
    public String choose(Route.HeaderLookup headers, Route.HeaderLookup cookies) {
        if (ids.size() == 1) {
            return ids.getFirst();
        }
        if (pin != null) {
            String wanted = pin.header() == null ? null : headers.get(pin.header());
            if ((wanted == null || !ids.contains(wanted)) && pin.cookie() != null) {
                wanted = cookies.get(pin.cookie());
            }
            if (wanted != null && ids.contains(wanted)) {
                return wanted;
            }
        }
        int total = cumulative[cumulative.length - 1];
        int r = random.applyAsInt(total);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return ids.get(i);
            }
        }
        return ids.getLast();
    }
}
