package io.sluice.monitor.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.client.AdminClient;
import io.sluice.monitor.connect.ConnectionProfile.Format;
import io.sluice.monitor.session.Identity;
import java.time.InstantSource;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connect dialog's logic with a fake connector: no toolkit, no network. */
class ConnectViewModelTest {

    @TempDir
    Path dir;

    private final List<ClusterSession> connected = new ArrayList<>();

    private ConnectViewModel vm(Connector connector) {
        return new ConnectViewModel(connector, new ProfileStore(dir.resolve("p.json")), Calls.inline(), connected::add);
    }

    private static void fill(ConnectViewModel vm) {
        vm.nameProperty().set("demo");
        vm.adminUrlProperty().set("https://127.0.0.1:19080");
        vm.formatProperty().set(Format.PKCS12);
        vm.certificateProperty().set("/certs/operator.p12");
        vm.trustProperty().set("/certs/truststore.p12");
        vm.passwordProperty().set("changeit");
    }

    @Test
    void incompleteFieldsAreNamedAndNothingIsTried() {
        List<ConnectionProfile> tried = new ArrayList<>();
        ConnectViewModel vm = vm((p, pw) -> {
            tried.add(p);
            return null;
        });
        assertThat(vm.connect()).isFalse();
        assertThat(vm.messageProperty().get()).contains("name:").contains("admin address:").contains("trusted CA:");
        assertThat(tried).isEmpty();
    }

    @Test
    void aFailedConnectSaysWhyAndRemembersNothing() {
        ConnectViewModel vm = vm((p, pw) -> {
            throw new IllegalArgumentException("cannot read /certs/operator.p12: keystore password was incorrect");
        });
        fill(vm);
        assertThat(vm.connect()).isTrue();
        assertThat(vm.messageProperty().get()).isEqualTo("not connected: cannot read /certs/operator.p12: keystore password was incorrect");
        assertThat(vm.connectingProperty().get()).isFalse();
        assertThat(vm.profiles()).isEmpty();
        assertThat(connected).isEmpty();
    }

    @Test
    void aSuccessRemembersTheProfileWithoutPasswordAndHandsTheSessionOn() {
        char[][] seen = new char[1][];
        ClusterSession session = new ClusterSession(AdminClient.create("https://127.0.0.1:1", null),
                new Identity("dana", "operator", "CN=dana,OU=operator"), ClusterSession.Timing.DEFAULT, InstantSource.system());
        ConnectViewModel first = vm((p, pw) -> {
            seen[0] = pw.clone();
            return session;
        });
        fill(first);
        assertThat(first.connect()).isTrue();
        assertThat(new String(seen[0])).isEqualTo("changeit");
        assertThat(connected).containsExactly(session);
        assertThat(first.messageProperty().get()).isEqualTo("connected as dana (operator)");
        assertThat(first.passwordProperty().get()).as("the password is not kept").isEmpty();

        ConnectViewModel next = vm((p, pw) -> null);
        assertThat(next.profiles()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("demo");
            assertThat(p.format()).isEqualTo(Format.PKCS12);
        });
        assertThat(next.adminUrlProperty().get()).as("the newest profile fills the form").isEqualTo("https://127.0.0.1:19080");
        session.close();
    }
}
