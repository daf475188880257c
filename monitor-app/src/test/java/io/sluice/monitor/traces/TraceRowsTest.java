package io.sluice.monitor.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/**
 * The table's list makes the changes a TableView can apply in place: additions on top and
 * removals at the bottom, never a replacement and never all rows at once (see {@link TraceRows}).
 */
class TraceRowsTest {

    private final TraceRows<String> rows = new TraceRows<>();
    private final List<String> changes = new ArrayList<>();

    TraceRowsTest() {
        rows.addListener((ListChangeListener<String>) c -> {
            StringBuilder sb = new StringBuilder();
            while (c.next()) {
                if (c.wasReplaced()) {
                    sb.append("replaced ");
                } else if (c.wasAdded()) {
                    sb.append("added ").append(c.getFrom()).append("..").append(c.getTo()).append(' ');
                } else if (c.wasRemoved()) {
                    sb.append("removed ").append(c.getRemovedSize()).append(" at ").append(c.getFrom()).append(' ');
                }
            }
            changes.add(sb.toString().strip());
        });
    }

    @Test
    void prependAddsOnTopAndDropsTheOldestInOneChange() {
        rows.prepend(List.of("c", "b", "a"), 4);
        rows.prepend(List.of("e", "d"), 4);

        assertThat(rows).containsExactly("e", "d", "c", "b");
        assertThat(changes).containsExactly("added 0..3", "added 0..2 removed 1 at 4");
    }

    @Test
    void aDrainBiggerThanTheBoundKeepsOneOldRowSoTheTableNeverLosesEveryRowAtOnce() {
        rows.prepend(List.of("b", "a"), 3);
        rows.prepend(List.of("g", "f", "e", "d", "c"), 3);

        assertThat(rows).containsExactly("g", "f", "b");
        assertThat(changes.getLast()).isEqualTo("added 0..2 removed 1 at 3");
        assertThat(changes).noneMatch(c -> c.contains("replaced"));
    }

    @Test
    void replaceIsOneChangeAndTheListIsReadOnlyToOthers() {
        rows.prepend(List.of("b", "a"), 3);
        rows.replace(List.of("x"));
        rows.replace(List.of());
        rows.replace(List.of());

        assertThat(rows).isEmpty();
        assertThat(changes).containsExactly("added 0..2", "replaced", "removed 1 at 0");
        assertThatThrownBy(() -> rows.add("z")).isInstanceOf(UnsupportedOperationException.class);
    }
}
