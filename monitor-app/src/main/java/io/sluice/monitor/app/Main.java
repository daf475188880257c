package io.sluice.monitor.app;

/**
 * Starts the monitor. Checks the command line and, for a real window, the machine (GTK 3, a
 * display) before any JavaFX class loads, so each problem is one readable sentence and exit code:
 * 2 for usage, 3 for a machine that cannot show a window. Snapshot mode selects JavaFX's headless
 * platform and needs neither.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        MonitorOptions options;
        try {
            options = MonitorOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sluice monitor: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.snapshots() != null) {
            System.setProperty("glass.platform", "Headless");
            System.setProperty("prism.order", "sw");
        } else if (!"headless".equalsIgnoreCase(System.getProperty("glass.platform", ""))) {
            var problem = DisplayCheck.here();
            if (problem.isPresent()) {
                System.err.println(problem.get());
                System.exit(3);
                return;
            }
        }
        MonitorApp.start(options);
    }
}
