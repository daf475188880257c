package io.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.CertificateAuthority;
import io.sluice.config.ClientCertConfig;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subjects are compared as X.500 names; the chain itself was verified in the TLS handshake. */
class ClientCertificatesTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("auth test CA", Duration.ofDays(1));
    private static final X509Certificate REPORTING = CA.issueClient("reporting", Duration.ofDays(1)).certificate();
    private static final X509Certificate INTRUDER = CA.issueClient("intruder", Duration.ofDays(1)).certificate();

    private static Verdict check(List<String> subjects, X509Certificate certificate) {
        return new ClientCertificates(new ClientCertConfig(subjects)).check(new Credentials(null, null, certificate));
    }

    @Test
    void shouldAllowCertificateWhenItsSubjectIsListedInAnySpelling() {
        assertThat(check(List.of("cn=REPORTING"), REPORTING)).isEqualTo(new Verdict.Allowed(new Identity("cert", "CN=reporting")));
        assertThat(check(List.of("CN=other", " CN = reporting "), REPORTING)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldDenyCertificateWhenItsSubjectIsNotListed() {
        Verdict verdict = check(List.of("CN=reporting"), INTRUDER);

        assertThat(verdict).isInstanceOf(Verdict.Denied.class);
        assertThat(((Verdict.Denied) verdict).identity()).hasToString("cert:CN=intruder");
    }

    @Test
    void shouldAllowAnyTrustedCertificateWhenNoSubjectsAreListed() {
        assertThat(check(List.of(), INTRUDER)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void shouldBeAbsentWithoutCertificate() {
        assertThat(check(List.of(), null)).isEqualTo(Verdict.ABSENT);
    }
}
