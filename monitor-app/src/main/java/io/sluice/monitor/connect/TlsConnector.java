package io.sluice.monitor.connect;

import io.sluice.client.AdminClient;
import io.sluice.client.ClientTls;
import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The real {@link Connector}: loads the client certificate (PKCS12 or PEM) and the trusted CAs
 * with the shared-model {@link ClientTls}, opens one {@link AdminClient} and starts a
 * {@link ClusterSession} from the named node. A refused handshake, a wrong password or a missing
 * file each surface as their own message.
 */
public final class TlsConnector implements Connector {

    private final ClusterSession.Timing timing;
    private final InstantSource clock;

    public TlsConnector(ClusterSession.Timing timing, InstantSource clock) {
        this.timing = timing;
        this.clock = clock;
    }

    @Override
    public ClusterSession connect(ConnectionProfile profile, char[] password) {
        if (!profile.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", profile.problems()));
        }
        ClientTls tls = tls(profile, password);
        AdminClient client = AdminClient.create(profile.adminUrl(), tls.sslContext(), Duration.ofSeconds(3),
                Duration.ofSeconds(15));
        ClusterSession session = new ClusterSession(client, Identity.of(tls.certificate()), timing, clock);
        try {
            session.start();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    static ClientTls tls(ConnectionProfile profile, char[] password) {
        Path certificate = readable("certificate", profile.certificate());
        Path trust = readable("trusted CA", profile.trust());
        char[] secret = password == null || password.length == 0 ? null : password;
        ClientTls tls;
        if (profile.format() == ConnectionProfile.Format.PKCS12) {
            if (secret == null) {
                throw new IllegalArgumentException("password: the key store " + certificate.getFileName() + " needs its password");
            }
            tls = ClientTls.pkcs12(certificate, secret);
        } else {
            tls = ClientTls.pem(certificate, readable("private key", profile.privateKey()));
        }
        return tls.trusting(trust, secret);
    }

    private static Path readable(String field, String file) {
        Path path = Path.of(file.strip());
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(field + ": " + path + (Files.exists(path) ? " cannot be read" : " does not exist"));
        }
        return path;
    }
}
