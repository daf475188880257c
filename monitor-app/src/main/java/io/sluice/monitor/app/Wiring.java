package io.sluice.monitor.app;

import io.sluice.monitor.breakers.BreakersView;
import io.sluice.monitor.breakers.BreakersViewModel;
import io.sluice.monitor.certs.CertificatesView;
import io.sluice.monitor.certs.CertificatesViewModel;
import io.sluice.monitor.config.ConfigAdmin;
import io.sluice.monitor.config.ConfigView;
import io.sluice.monitor.config.ConfigViewModel;
import io.sluice.monitor.flame.FlameView;
import io.sluice.monitor.flame.FlameViewModel;
import io.sluice.monitor.limits.LimitsView;
import io.sluice.monitor.limits.LimitsViewModel;
import io.sluice.monitor.overview.OverviewView;
import io.sluice.monitor.overview.OverviewViewModel;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.Drainable;
import io.sluice.monitor.session.ReasonPrompt;
import io.sluice.monitor.session.UiPump;
import io.sluice.monitor.traces.TracesView;
import io.sluice.monitor.traces.TracesViewModel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;

/**
 * The composition root: the one place that creates the view models with their ports (lambdas
 * over the {@link ClusterSession}), their views, the UI pump, and hands them to the
 * {@link MonitorShell}. View models fed by the live streams are session listeners and are drained
 * by one {@link UiPump} every {@link #PUMP_PERIOD}.
 */
final class Wiring {

    static final Duration PUMP_PERIOD = Duration.ofMillis(250);

    private final ClusterSession session;
    private final Calls calls;
    private final Clock clock;
    private final List<Screen> screens = new ArrayList<>();
    private final List<Drainable> drained = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    private Wiring(ClusterSession session, Calls calls, Clock clock) {
        this.session = session;
        this.calls = calls;
        this.clock = clock;
    }

    static MonitorShell shell(ClusterSession session, Calls calls, Clock clock, ReasonPrompt prompt) {
        return new Wiring(session, calls, clock).build(prompt);
    }

    private MonitorShell build(ReasonPrompt prompt) {
        OverviewViewModel overview = new OverviewViewModel(id -> session.client(id).certificates(), calls, clock);
        listen(overview);
        screens.add(new Screen("overview", "Overview", new OverviewView(overview)));

        BreakersViewModel breakers = new BreakersViewModel(() -> session.any().breakers(),
                (breaker, mode, reason) -> session.any().overrideBreaker(breaker, mode, reason),
                session.identity(), calls, clock);
        listen(breakers);
        screens.add(new Screen("breakers", "Breakers", new BreakersView(breakers, prompt)));

        TracesViewModel traces = new TracesViewModel(clock);
        listen(traces);
        TracesView tracesView = new TracesView(traces);
        screens.add(new Screen("traces", "Traces", tracesView));

        FlameViewModel flame = new FlameViewModel((node, request) -> Objects.requireNonNull(session.client(node),
                () -> node + " is no longer a member").profile(request), calls, session.identity().mayAct());
        session.addListener(flame);
        resources.add(() -> session.removeListener(flame));
        flame.nodes(session.nodes());
        screens.add(new Screen("flame", "Flame graphs", new FlameView(flame)));

        LimitsViewModel limits = new LimitsViewModel(session::nodes, id -> session.client(id).limits(), calls, clock);
        every(LimitsViewModel.REFRESH_EVERY, limits::refresh);
        screens.add(new Screen("limits", "Limits", new LimitsView(limits)));

        ConfigViewModel config = new ConfigViewModel(ConfigAdmin.using(session::any), calls, session.identity().mayAct());
        session.addListener(config);
        resources.add(() -> session.removeListener(config));
        config.nodes(session.nodes());
        config.refresh();
        screens.add(new Screen("config", "Config", new ConfigView(config, prompt)));

        CertificatesViewModel certificates = new CertificatesViewModel(session::nodes,
                id -> session.client(id).certificates(), calls);
        every(CertificatesViewModel.REFRESH_EVERY, certificates::refresh);
        screens.add(new Screen("certificates", "Certificates", new CertificatesView(certificates)));

        UiPump pump = new UiPump(calls.ui(), PUMP_PERIOD, drained);
        resources.addFirst(pump);
        MonitorShell shell = new MonitorShell(session, screens, resources, calls.ui());
        // nodes build every request's trace only while someone streams traces: ask for them only while they show
        boolean[] pinned = {false};
        shell.tabs().getSelectionModel().selectedItemProperty().addListener((o, was, tab) ->
                session.wantTraces(pinned[0] || tab != null && "traces".equals(tab.getId())));
        shell.pictureSetup(() -> {
            pinned[0] = true;
            session.wantTraces(true);
            flame.kindProperty().set("cpu");
            flame.secondsProperty().set("5");
            flame.record();
            later(Duration.ofSeconds(8), () -> {
                breakers.rows().stream().filter(r -> r.breaker().equals("demo")).findFirst().ifPresent(breakers::select);
                flame.searchProperty().set("io.sluice");
                flame.hover(0.3, 6);
                config.select(1);
                tracesView.selectNewest();
            });
        });
        return shell;
    }

    /** Runs {@code refresh} now and every {@code period} on the UI thread until the shell closes. */
    private void every(Duration period, Runnable refresh) {
        refresh.run();
        Timeline timer = new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()), e -> refresh.run()));
        timer.setCycleCount(Animation.INDEFINITE);
        timer.play();
        resources.add(timer::stop);
    }

    private static void later(Duration delay, Runnable work) {
        new Timeline(new KeyFrame(javafx.util.Duration.millis(delay.toMillis()), e -> work.run())).play();
    }

    /** A view model fed by every member's stream and applied by the pump; told the members now. */
    private <T extends ClusterSession.Listener & Drainable> void listen(T vm) {
        session.addListener(vm);
        drained.add(vm);
        vm.nodes(session.nodes());
        resources.add(() -> session.removeListener(vm));
    }
}
