package io.sluice.monitor.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.monitor.connect.ConnectionProfile.Format;
import org.junit.jupiter.api.Test;

class ConnectionProfileTest {

    @Test
    void aCompleteProfileHasNoProblems() {
        assertThat(new ConnectionProfile("demo", "https://127.0.0.1:19080", Format.PKCS12, "op.p12", null, "trust.p12")
                .problems()).isEmpty();
        assertThat(new ConnectionProfile("demo", "https://localhost:19080/admin/v1/", Format.PEM, "op.pem", "op.key", "ca.pem")
                .problems()).isEmpty();
    }

    @Test
    void eachProblemNamesItsField() {
        assertThat(new ConnectionProfile("", "http://127.0.0.1:19080", Format.PEM, "", " ", "").problems())
                .containsExactly("name: give the profile a name",
                        "admin address: 'http://127.0.0.1:19080' is not https://HOST:PORT",
                        "certificate: choose the .pem file",
                        "private key: choose the .key file",
                        "trusted CA: choose the cluster's ca-bundle.pem or truststore.p12");
        assertThat(new ConnectionProfile("x", "https://host", Format.PKCS12, "", null, "t").problems())
                .containsExactly("admin address: 'https://host' is not https://HOST:PORT", "key store: choose the .p12 file");
    }
}
