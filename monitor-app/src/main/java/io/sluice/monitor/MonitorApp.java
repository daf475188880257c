package io.sluice.monitor;

/**
 * Entry point of the desktop monitor. The JavaFX views, view models and admin client arrive with
 * the monitor issue; until then this says so instead of pretending to be a monitor.
 */
public final class MonitorApp {

    private MonitorApp() {
    }

    public static void main(String[] args) {
        System.err.println("sluice monitor: not built yet; it needs the admin API (see the project's issues)");
        System.exit(2);
    }
}
