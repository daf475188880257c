package io.sluice.monitor.config;

/**
 * Which config version one member runs, compared with the cluster's newest.
 *
 * @param running the version the node last said it runs; 0 when it has not answered yet
 * @param detail  why, for the states that need one: the config error, how far behind, why it is down
 */
public record NodeVersionRow(String node, long running, State state, String detail) {

    /** How a node stands against the newest version; {@link #styleClass()} colours the view. */
    public enum State {
        IN_STEP("in step", "ok"),
        BEHIND("behind", "warn"),
        CONFIG_ERROR("config error", "danger"),
        DOWN("down", "danger"),
        UNKNOWN("not known yet", "muted");

        private final String label;
        private final String styleClass;

        State(String label, String styleClass) {
            this.label = label;
            this.styleClass = styleClass;
        }

        public String label() {
            return label;
        }

        public String styleClass() {
            return styleClass;
        }
    }

    /** The state and, when there is one, its detail: {@code behind (2 versions)}. */
    public String status() {
        return detail == null || detail.isBlank() ? state.label() : state.label() + " (" + detail + ")";
    }
}
