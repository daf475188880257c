package io.sluice.monitor.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.monitor.connect.ConnectionProfile.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {

    @TempDir
    Path dir;

    private static ConnectionProfile profile(String name, String url) {
        return new ConnectionProfile(name, url, Format.PEM, "/c/op.pem", "/c/op.key", "/c/ca.pem");
    }

    @Test
    void remembersMostRecentFirstOneEntryPerNameAndNoPasswords() throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("sluice/profiles.json"));
        assertThat(store.load()).isEmpty();
        store.remember(profile("demo", "https://127.0.0.1:19080"));
        store.remember(profile("prod", "https://10.0.0.1:9080"));
        store.remember(profile("demo", "https://127.0.0.1:19081"));

        assertThat(new ProfileStore(store.file()).load())
                .extracting(ConnectionProfile::name, ConnectionProfile::adminUrl)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("demo", "https://127.0.0.1:19081"),
                        org.assertj.core.groups.Tuple.tuple("prod", "https://10.0.0.1:9080"));
        String text = Files.readString(store.file());
        assertThat(text).doesNotContainIgnoringCase("password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void anUnreadableFileIsReportedAndTreatedAsEmpty() throws Exception {
        Path file = dir.resolve("profiles.json");
        Files.writeString(file, "{not json");
        ProfileStore store = new ProfileStore(file);
        assertThat(store.load()).isEmpty();
        assertThat(store.problem()).contains(file.toString()).contains("could not be read");
        assertThat(Files.readString(file)).as("left alone until a save").isEqualTo("{not json");
    }

    @Test
    void theStandardPlaceFollowsXdgConfigHome() {
        assertThat(ProfileStore.standard(Map.of("XDG_CONFIG_HOME", dir.toString())).file())
                .isEqualTo(dir.resolve("sluice/monitor-profiles.json"));
    }
}
