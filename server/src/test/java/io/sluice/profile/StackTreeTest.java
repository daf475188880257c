package io.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.FlameNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StackTreeTest {

    @Test
    void shouldMergeSharedPrefixesAndSortChildrenHeaviestFirst() {
        StackTree tree = new StackTree();
        tree.add(List.of("a", "b", "c"), 1);
        tree.add(List.of("a", "b", "c"), 2);
        tree.add(List.of("a", "b", "d"), 5);
        tree.add(List.of("a", "e"), 1);
        tree.add(List.of("a"), 1);

        FlameNode root = tree.toFlameNode();
        assertThat(root.name()).isEqualTo("all");
        assertThat(root.total()).isEqualTo(10);
        assertThat(tree.samples()).isEqualTo(5);
        FlameNode a = root.children().getFirst();
        assertThat(a).extracting(FlameNode::name, FlameNode::total, FlameNode::self).containsExactly("a", 10L, 1L);
        assertThat(a.children()).extracting(FlameNode::name).containsExactly("b", "e");
        FlameNode b = a.children().getFirst();
        assertThat(b.children()).extracting(FlameNode::name, FlameNode::total, FlameNode::self)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d", 5L, 5L), org.assertj.core.groups.Tuple.tuple("c", 3L, 3L));
        assertThat(b.self()).isZero();
    }

    @Test
    void shouldKeepTheLeafEndOfDeepStacksUnderATruncatedFrame() {
        StackTree tree = new StackTree();
        List<String> deep = IntStream.range(0, 200).mapToObj(i -> "f" + i).toList();
        tree.add(deep, 1);

        FlameNode n = tree.toFlameNode().children().getFirst();
        assertThat(n.name()).isEqualTo(StackTree.TRUNCATED);
        List<String> kept = new ArrayList<>();
        while (!n.children().isEmpty()) {
            n = n.children().getFirst();
            kept.add(n.name());
        }
        assertThat(kept).hasSize(StackTree.MAX_DEPTH).startsWith("f72").endsWith("f199");
        assertThat(n.self()).isEqualTo(1);
    }

    @Test
    void shouldMarkStacksJfrCutShortAsTruncated() {
        StackTree tree = new StackTree();
        tree.add(tree.path(List.of("x", "y"), true), 3);
        assertThat(tree.toFlameNode().children().getFirst().name()).isEqualTo(StackTree.TRUNCATED);
    }

    @Test
    void shouldPruneIntoOneFrameAndKeepWeightsWholeWhenTheNodeBudgetIsSpent() {
        StackTree tree = new StackTree();
        int stacks = StackTree.MAX_NODES + 500;
        for (int i = 0; i < stacks; i++) {
            tree.add(List.of("root", "leaf" + i, "below"), 2);
        }

        assertThat(tree.size()).isBetween(StackTree.MAX_NODES, StackTree.MAX_NODES + 2); // + a (pruned) under root and under the last leaf
        FlameNode root = tree.toFlameNode();
        assertThat(root.total()).isEqualTo(2L * stacks);
        FlameNode top = root.children().getFirst();
        assertThat(top.total()).isEqualTo(2L * stacks);
        FlameNode pruned = top.children().stream().filter(c -> c.name().equals(StackTree.PRUNED)).findFirst().orElseThrow();
        assertThat(pruned.children()).isEmpty();
        assertThat(pruned.self()).isEqualTo(pruned.total()).isGreaterThanOrEqualTo(2L * 500);
    }
}
