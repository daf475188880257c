package io.sluice.config;

/** One upstream group of a weighted split (canary / gray release) and its share of the traffic. */
public record SplitConfig(String upstream, Integer weight) {

    public SplitConfig {
        upstream = Checks.required("upstream", upstream);
        weight = Checks.range("weight", weight, 1, 0, 10_000);
    }
}
