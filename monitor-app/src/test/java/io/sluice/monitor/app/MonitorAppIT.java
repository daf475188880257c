package io.sluice.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.monitor.connect.ConnectView;
import io.sluice.monitor.connect.ConnectViewModel;
import io.sluice.monitor.connect.ConnectionProfile.Format;
import io.sluice.monitor.connect.ProfileStore;
import io.sluice.monitor.connect.TlsConnector;
import io.sluice.monitor.fx.Png;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.testing.Fx;
import io.sluice.monitor.testing.LiveCluster;
import io.sluice.testing.TestPki;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole monitor, headless, against a real two-node cluster: the connect form is filled and
 * Connect pressed as an operator would, the shell shows every member up and one tab per view,
 * every tab renders to a PNG, and stopping one node shows in the summary. The same path the
 * app's {@code start} takes, minus the window manager.
 */
class MonitorAppIT {

    @TempDir
    Path data;

    @Test
    void connectFromTheFormThenWatchTheCluster() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(2, data)) {
            AtomicReference<MonitorShell> shell = new AtomicReference<>();
            AtomicReference<Stage> stage = new AtomicReference<>();
            AtomicReference<ClusterSession> connected = new AtomicReference<>();
            Calls calls = Calls.fx();
            TlsConnector connector = new TlsConnector(new ClusterSession.Timing(Duration.ofMillis(300), Duration.ofSeconds(1)),
                    InstantSource.system());
            Fx.run(() -> {
                ConnectViewModel vm = new ConnectViewModel(connector, new ProfileStore(data.resolve("profiles.json")), calls,
                        session -> {
                            connected.set(session);
                            MonitorShell s = Wiring.shell(session, calls, Clock.systemDefaultZone(), (t, q) -> Optional.empty());
                            shell.set(s);
                            stage.get().setScene(new Scene(s, 1280, 800));
                            Styles.apply(stage.get().getScene());
                        });
                ConnectView form = new ConnectView(vm);
                Stage st = new Stage();
                stage.set(st);
                st.setScene(new Scene(form, 820, 440));
                Styles.apply(st.getScene());
                st.show();
                ((TextField) form.lookup("#profile-name")).setText("it");
                ((TextField) form.lookup("#admin-url")).setText(cluster.adminUrl(0));
                vm.formatProperty().set(Format.PKCS12);
                ((TextField) form.lookup("#certificate")).setText(cluster.keyStore("dana", Role.OPERATOR).toString());
                ((TextField) form.lookup("#trust")).setText(cluster.trustStore().toString());
                ((PasswordField) form.lookup("#password")).setText(TestPki.PASSWORD);
                ((Button) form.lookup("#connect")).fire();
            });
            Fx.waitUntil("the monitor replaces the connect form", Duration.ofSeconds(20), () -> shell.get() != null);

            MonitorShell s = shell.get();
            Label summary = Fx.call(() -> (Label) s.lookup("#cluster-summary"));
            Fx.waitUntil("both members up", Duration.ofSeconds(20), () -> summary.getText().startsWith("2/2 nodes up"));
            assertThat(Fx.call(() -> ((Label) s.lookup("#identity")).getText())).isEqualTo("connected as dana (operator)");
            assertThat(Fx.call(() -> s.tabs().getTabs().stream().map(Tab::getId).toList()))
                    .startsWith("overview", "breakers");

            for (int i = 0; i < 20; i++) {
                cluster.get(i % 2, "/api/small");
            }
            Path pictures = data.resolve("pictures");
            for (String id : Fx.call(() -> s.tabs().getTabs().stream().map(Tab::getId).toList())) {
                Fx.run(() -> s.select(id));
                assertThat(connected.get().tracesWanted()).as("traces streamed only while their tab shows: " + id)
                        .isEqualTo(id.equals("traces"));
                Thread.sleep(300); // a pulse to lay the tab out
                Fx.run(() -> {
                    try {
                        Png.write(s.getScene().getRoot(), pictures.resolve(id + ".png"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                BufferedImage png = ImageIO.read(pictures.resolve(id + ".png").toFile());
                assertThat(png.getWidth()).as(id).isEqualTo(1280);
                assertThat(png.getHeight()).as(id).isEqualTo(800);
            }

            cluster.fixture().stop(1);
            Fx.waitUntil("node-2 shown down", Duration.ofSeconds(20), () -> summary.getText().contains("node-2 DOWN"));
            Fx.run(() -> {
                s.close();
                stage.get().close();
            });
        }
    }
}
