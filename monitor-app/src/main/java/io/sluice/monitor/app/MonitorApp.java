package io.sluice.monitor.app;

import io.sluice.monitor.connect.ConnectView;
import io.sluice.monitor.connect.ConnectViewModel;
import io.sluice.monitor.connect.ProfileStore;
import io.sluice.monitor.connect.TlsConnector;
import io.sluice.monitor.fx.ReasonDialog;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import java.time.Clock;
import java.time.InstantSource;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The JavaFX application: the connect form first, then the monitor for the session it made.
 * With {@code --snapshots} it connects, lets the views fill, writes one PNG per view and exits.
 */
public final class MonitorApp extends Application {

    private static volatile MonitorOptions options = new MonitorOptions(null, null, false, null);

    private MonitorShell shell;

    static void start(MonitorOptions o) {
        options = o;
        Application.launch(MonitorApp.class);
    }

    @Override
    public void start(Stage stage) {
        Calls calls = Calls.fx();
        InstantSource clock = InstantSource.system();
        ConnectViewModel connect = new ConnectViewModel(new TlsConnector(ClusterSession.Timing.DEFAULT, clock),
                ProfileStore.standard(System.getenv()), calls, session -> showMonitor(stage, session, calls, clock));
        if (options.profile() != null) {
            connect.use(options.profile());
        }
        if (options.password() != null) {
            connect.passwordProperty().set(options.password());
        }
        Scene scene = new Scene(new ConnectView(connect), 820, 440);
        Styles.apply(scene);
        stage.setTitle("Sluice monitor — connect");
        stage.setScene(scene);
        stage.show();
        if (options.connect()) {
            connect.connect();
            if (options.snapshots() != null) {
                connect.messageProperty().addListener((o, was, now) -> {
                    if (now.startsWith(ConnectViewModel.FAILED)) {
                        System.err.println("sluice monitor: " + connect.messageProperty().get());
                        Platform.exit();
                        System.exit(1);
                    }
                });
            }
        }
    }

    private void showMonitor(Stage stage, ClusterSession session, Calls calls, InstantSource clock) {
        shell = Wiring.shell(session, calls, Clock.systemDefaultZone(), new ReasonDialog(stage));
        Scene scene = new Scene(shell, 1280, 800);
        Styles.apply(scene);
        stage.setTitle("Sluice monitor — " + session.identity().label() + " — " + session.nodes().size() + " nodes");
        stage.setScene(scene);
        if (options.snapshots() != null) {
            new SnapshotRun(shell, options.snapshots()).start();
        }
    }

    @Override
    public void stop() {
        if (shell != null) {
            shell.close();
        }
    }
}
