package io.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cluster.Json;
import io.sluice.model.FlameNode;
import io.sluice.model.ProfileResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileFormatsTest {

    static ProfileResult result(FlameNode root, String unit) {
        return new ProfileResult("cpu-1", "node-1", "cpu", "2025-01-01T00:00:00Z", 1000, 10, unit, root);
    }

    static FlameNode sample() {
        StackTree tree = new StackTree();
        tree.add(List.of("main", "serve", "parse"), 3);
        tree.add(List.of("main", "serve", "write"), 5);
        tree.add(List.of("main", "serve"), 1);
        tree.add(List.of("worker", "parse"), 2);
        return tree.toFlameNode();
    }

    @Test
    void shouldWriteOneCollapsedLinePerStackRootFirstHeaviestFirst() {
        assertThat(ProfileFormats.collapsed(sample())).isEqualTo("""
                main;serve 1
                main;serve;write 5
                main;serve;parse 3
                worker;parse 2
                """);
    }

    @Test
    void shouldWriteASpeedscopeFileWhoseStacksIndexItsFrameTableAndAddUpToTheTotal() throws Exception {
        JsonNode file = Json.mapper().readTree(ProfileFormats.speedscope(result(sample(), "samples")));

        assertThat(file.get("$schema").asText()).isEqualTo("https://www.speedscope.app/file-format-schema.json");
        JsonNode frames = file.at("/shared/frames");
        Set<String> names = new HashSet<>();
        frames.forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).hasSize(frames.size()).containsExactlyInAnyOrder("main", "serve", "parse", "write", "worker");

        JsonNode profile = file.at("/profiles/0");
        assertThat(profile.get("type").asText()).isEqualTo("sampled");
        assertThat(profile.get("unit").asText()).as("sample counts have no unit in speedscope").isEqualTo("none");
        JsonNode samples = profile.get("samples");
        JsonNode weights = profile.get("weights");
        assertThat(samples.size()).isEqualTo(weights.size()).isEqualTo(4);
        long sum = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (JsonNode index : samples.get(i)) {
                assertThat(index.asInt()).isBetween(0, frames.size() - 1);
            }
            sum += weights.get(i).asLong();
        }
        assertThat(sum).isEqualTo(11).isEqualTo(profile.get("endValue").asLong());
        assertThat(frames.get(samples.get(0).get(0).asInt()).get("name").asText()).as("root first").isEqualTo("main");
    }

    @Test
    void shouldKeepBytesAndNanosecondsAsSpeedscopeUnits() throws Exception {
        assertThat(Json.mapper().readTree(ProfileFormats.speedscope(result(sample(), "bytes"))).at("/profiles/0/unit").asText())
                .isEqualTo("bytes");
        assertThat(Json.mapper().readTree(ProfileFormats.speedscope(result(sample(), "nanoseconds"))).at("/profiles/0/unit").asText())
                .isEqualTo("nanoseconds");
    }

    @Test
    void shouldNameJvmArrayTypesTheWayJavaSpellsThem() {
        assertThat(ProfileKind.javaName("[B")).isEqualTo("byte[]");
        assertThat(ProfileKind.javaName("[[J")).isEqualTo("long[][]");
        assertThat(ProfileKind.javaName("[Ljava.lang.String;")).isEqualTo("java.lang.String[]");
        assertThat(ProfileKind.javaName("java.util.ArrayList")).isEqualTo("java.util.ArrayList");
    }
}
