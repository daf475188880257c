package io.sluice.monitor.app;

import javafx.scene.Node;

/** One tab of the monitor: its id (for tests and snapshot file names), title and view. */
public record Screen(String id, String title, Node view) {
}
