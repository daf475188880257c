package io.sluice.config;

import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Authentication by TLS client certificate. The listener's handshake has already checked the
 * chain against its trust store ({@code tls.clientAuth: optional} or {@code required}); this only
 * narrows who is allowed: the certificate's subject must equal one of {@code subjects} (compared
 * as X.500 names, so spacing and attribute case do not matter), or any subject if the list is
 * empty.
 */
public record ClientCertConfig(List<String> subjects) {

    public ClientCertConfig {
        subjects = Checks.list(subjects);
        Checks.each("subjects", subjects, (subject, i) -> {
            if (!(subject instanceof String s) || s.isBlank()) {
                throw new ConfigException("", "is empty: write a distinguished name such as CN=reporting,O=Example");
            }
            try {
                new X500Principal(s);
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid("", s, "a distinguished name such as CN=reporting,O=Example");
            }
        });
    }
}
