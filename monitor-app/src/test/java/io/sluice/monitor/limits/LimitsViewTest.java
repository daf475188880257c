package io.sluice.monitor.limits;

import static io.sluice.monitor.limits.LimitsViewModelTest.limiter;
import static io.sluice.monitor.limits.LimitsViewModelTest.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.LimiterUsage;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.testing.Fx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** The table shows each node's policies with their rates, and the message names a node that failed. */
class LimitsViewTest {

    @Test
    void showsCountersRatesAndProblems() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Map<String, List<LimiterUsage>> usage = new ConcurrentHashMap<>(Map.of("node-1", List.of(limiter("per-key", 10, 0))));
        LimitsViewModel vm = new LimitsViewModel(() -> List.of(up("node-1"), up("node-2")), id -> {
            List<LimiterUsage> u = usage.get(id);
            if (u == null) {
                throw new IllegalStateException("no answer");
            }
            return u;
        }, Calls.inline(), now::get);

        List<String> texts = Fx.call(() -> {
            LimitsView view = new LimitsView(vm);
            Scene scene = new Scene(view, 1200, 400);
            vm.refresh();
            now.set(now.get().plusSeconds(2));
            usage.put("node-1", List.of(limiter("per-key", 50, 4)));
            vm.refresh();
            view.applyCss();
            view.layout();
            assertThat(scene.getRoot()).isSameAs(view);
            TableView<?> table = (TableView<?>) view.lookup("#limits");
            assertThat(table.getItems()).hasSize(1);
            assertThat(((Label) view.lookup("#limits-message")).getText()).isEqualTo("node-2: no answer");
            return cellTexts(table);
        });

        assertThat(texts).containsSequence("node-1", "per-key", "node", "50", "20.0", "4", "2.0");
    }

    static List<String> cellTexts(Node table) {
        return table.lookupAll(".table-cell").stream().map(n -> ((TableCell<?, ?>) n).getText())
                .filter(t -> t != null && !t.isEmpty()).toList();
    }
}
