package io.sluice.monitor.app;

import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.ReasonPrompt;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: the one place that creates the view models with their ports (lambdas
 * over the {@link ClusterSession}), their views, the UI pump and timers, and hands them to the
 * {@link MonitorShell}.
 */
final class Wiring {

    private Wiring() {
    }

    static MonitorShell shell(ClusterSession session, Calls calls, InstantSource clock, ReasonPrompt prompt) {
        List<Screen> screens = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        return new MonitorShell(session, screens, resources, calls.ui());
    }
}
