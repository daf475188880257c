package io.sluice.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisplayCheckTest {

    private static final Path GTK = Path.of("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0");

    @Test
    void linuxWithoutGtkSaysWhatToInstall() {
        assertThat(DisplayCheck.problem("Linux", Map.of("DISPLAY", ":0"), p -> false))
                .hasValueSatisfying(m -> assertThat(m).contains("apt-get install libgtk-3-0").contains("monitor-snapshots.sh"));
    }

    @Test
    void linuxWithoutDisplaySaysHowToGetOne() {
        assertThat(DisplayCheck.problem("Linux", Map.of(), GTK::equals))
                .hasValueSatisfying(m -> assertThat(m).contains("DISPLAY").contains("xvfb-run"));
    }

    @Test
    void aDesktopPasses() {
        assertThat(DisplayCheck.problem("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"), GTK::equals)).isEmpty();
        assertThat(DisplayCheck.problem("Mac OS X", Map.of(), p -> false)).isEmpty();
    }
}
