package io.sluice.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.monitor.connect.ConnectionProfile.Format;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorOptionsTest {

    @Test
    void noArgumentsOpenAnEmptyConnectDialog() {
        MonitorOptions o = MonitorOptions.parse(new String[0], Map.of());
        assertThat(o.profile()).isNull();
        assertThat(o.connect()).isFalse();
    }

    @Test
    void pemProfileFromTheCommandLineAndTheEnvironment() {
        MonitorOptions o = MonitorOptions.parse(new String[] {"--cert", "op.pem", "--key", "op.key", "--ca", "ca.pem", "--connect"},
                Map.of("SLUICE_ADMIN", "https://127.0.0.1:19080"));
        assertThat(o.profile().format()).isEqualTo(Format.PEM);
        assertThat(o.profile().adminUrl()).isEqualTo("https://127.0.0.1:19080");
        assertThat(o.connect()).isTrue();
    }

    @Test
    void keystorePasswordComesFromANamedVariableNeverTheCommandLine() {
        MonitorOptions o = MonitorOptions.parse(new String[] {"--admin", "https://h:1", "--keystore", "op.p12", "--ca", "t.p12",
                "--password-env", "P", "--snapshots", "out"}, Map.of("P", "changeit"));
        assertThat(o.password()).isEqualTo("changeit");
        assertThat(o.snapshots()).isEqualTo(Path.of("out"));
        assertThat(o.connect()).as("snapshots connect by themselves").isTrue();
        assertThatThrownBy(() -> MonitorOptions.parse(new String[] {"--password-env", "NOPE"}, Map.of()))
                .hasMessageContaining("NOPE: the variable is not set");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> MonitorOptions.parse(new String[] {"--bogus"}, Map.of())).hasMessageStartingWith("unknown option '--bogus'");
        assertThatThrownBy(() -> MonitorOptions.parse(new String[] {"--admin"}, Map.of())).hasMessageStartingWith("--admin needs a value");
        assertThatThrownBy(() -> MonitorOptions.parse(new String[] {"--connect"}, Map.of()))
                .hasMessageContaining("--connect needs a complete profile");
        assertThatThrownBy(() -> MonitorOptions.parse(new String[] {"--keystore", "a", "--cert", "b"}, Map.of()))
                .hasMessageStartingWith("give --keystore or --cert/--key, not both");
    }
}
