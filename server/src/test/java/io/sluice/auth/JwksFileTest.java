package io.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import io.sluice.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JWK set file is re-read when it changes, at most once a second by the injected clock. */
class JwksFileTest {

    private static final JWKSelector ALL = new JWKSelector(new JWKMatcher.Builder().build());

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();

    private static List<String> kids(JwksFile file) throws KeySourceException {
        return file.get(ALL, null).stream().map(JWK::getKeyID).toList();
    }

    @Test
    void shouldPickUpReplacedFileWhenASecondHasPassed() throws Exception {
        Path path = Tokens.writeSet(dir.resolve("jwks.json"), Tokens.publicSet(Tokens.RSA));
        JwksFile file = new JwksFile(path, clock);
        assertThat(kids(file)).containsExactly("rsa-1");

        Tokens.writeSet(path, Tokens.publicSet(Tokens.RSA, Tokens.EC));
        assertThat(kids(file)).as("not looked at again within the second").containsExactly("rsa-1");

        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(file)).containsExactly("rsa-1", "ec-1");
    }

    @Test
    void shouldKeepOnlyPublicKeysWhenTheFileHoldsPrivateOnes() throws Exception {
        Path path = dir.resolve("jwks.json");
        Files.writeString(path, new com.nimbusds.jose.jwk.JWKSet(Tokens.RSA).toString(false));

        assertThat(new JwksFile(path, clock).get(ALL, null)).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void shouldKeepLastGoodKeysWhenTheFileBecomesInvalid() throws Exception {
        Path path = Tokens.writeSet(dir.resolve("jwks.json"), Tokens.publicSet(Tokens.RSA));
        JwksFile file = new JwksFile(path, clock);
        kids(file);

        Files.writeString(path, "{\"keys\": [ broken");
        clock.advance(Duration.ofSeconds(2));
        assertThat(kids(file)).containsExactly("rsa-1");

        Files.delete(path);
        clock.advance(Duration.ofSeconds(2));
        assertThat(kids(file)).containsExactly("rsa-1");
    }

    @Test
    void shouldFailUntilTheFileExistsWhenItWasNeverLoaded() throws Exception {
        Path path = dir.resolve("later.json");
        JwksFile file = new JwksFile(path, clock);

        assertThatThrownBy(() -> kids(file)).isInstanceOf(KeySourceException.class).hasMessageContaining("later.json");

        Tokens.writeSet(path, Tokens.publicSet(Tokens.EC));
        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(file)).containsExactly("ec-1");
    }
}
