package io.sluice.monitor.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Says, before JavaFX starts, why a window cannot open here, with what to install or run instead.
 * JavaFX alone fails on a machine without a display or without GTK 3 with a native stack trace
 * that does not name either.
 */
final class DisplayCheck {

    /** Where Debian, Ubuntu, Fedora and Arch put libgtk-3. */
    static final List<String> GTK_PATHS = List.of(
            "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "/usr/lib/aarch64-linux-gnu/libgtk-3.so.0",
            "/usr/lib64/libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "/lib/x86_64-linux-gnu/libgtk-3.so.0");

    private DisplayCheck() {
    }

    /** The problem with opening a window on this machine, if there is one. */
    static Optional<String> problem(String os, Map<String, String> env, Predicate<Path> exists) {
        if (!os.toLowerCase().contains("linux")) {
            return Optional.empty(); // Windows and macOS ship what JavaFX needs
        }
        boolean gtk = GTK_PATHS.stream().map(Path::of).anyMatch(exists);
        if (!gtk) {
            return Optional.of("""
                    sluice monitor: JavaFX needs GTK 3 to open a window, and libgtk-3.so.0 is not installed.
                      Debian/Ubuntu:  sudo apt-get install libgtk-3-0
                      Fedora/RHEL:    sudo dnf install gtk3
                    Without a desktop, scripts/monitor-snapshots.sh renders the views to PNG files headlessly.""");
        }
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.of("""
                    sluice monitor: there is no display (DISPLAY and WAYLAND_DISPLAY are unset).
                      Run it on a desktop session, over 'ssh -X', or in a virtual one: xvfb-run scripts/monitor.sh
                      (Debian/Ubuntu: sudo apt-get install xvfb).
                    Without a desktop, scripts/monitor-snapshots.sh renders the views to PNG files headlessly.""");
        }
        return Optional.empty();
    }

    static Optional<String> here() {
        return problem(System.getProperty("os.name", ""), System.getenv(), Files::exists);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
