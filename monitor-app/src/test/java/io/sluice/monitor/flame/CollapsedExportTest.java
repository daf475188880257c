package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.FlameNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CollapsedExportTest {

    @Test
    void oneLinePerPathWithOwnWeightAddingUpToTheRootTotal() {
        FlameNode root = Trees.sample();

        String text = CollapsedExport.collapsed(root);

        assertThat(text.lines()).containsExactly(
                "java.lang.Thread.run;io.sluice.proxy.ProxyHandler.handle 5",
                "java.lang.Thread.run;io.sluice.proxy.ProxyHandler.handle;io.sluice.upstream.Upstream.send 40",
                "java.lang.Thread.run;io.sluice.proxy.ProxyHandler.handle;io.sluice.cluster.Json.write 15",
                "java.lang.Thread.run;io.sluice.proxy.ProxyHandler.log 10",
                "io.sluice.limits.Limiter.acquire 20",
                "io.sluice.limits.Limiter.acquire;io.sluice.proxy.ProxyHandler.handle 10");
        assertThat(sum(text)).isEqualTo(root.total());
    }

    @Test
    void weightOnTheRootItselfAndSemicolonsInNamesSurvive() {
        FlameNode root = node("all", 7, node("a;b", 3, node("Foo.<init>", 2)));

        String text = CollapsedExport.collapsed(root);

        assertThat(text.lines()).containsExactly("a:b 3", "a:b;Foo.<init> 2", "all 7");
        assertThat(sum(text)).isEqualTo(root.total());
    }

    /** What flamegraph.pl does: the number after the last space of each line. */
    private static long sum(String collapsed) {
        return Arrays.stream(collapsed.split("\n"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
