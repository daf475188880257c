package io.sluice.trace;

/**
 * Why a finished request's trace is kept, decided once at its end: a failure always, then
 * slowness, then the sample drawn at its start. A trace built only for live watchers is
 * {@value #LIVE}, and goes into no buffer.
 */
public enum Kept {
    ERROR("error"),
    SLOW("slow"),
    SAMPLED("sampled");

    /** {@link io.sluice.model.TraceRecord#kept()} of a trace built for the live stream and not kept. */
    public static final String LIVE = "live";

    private final String label;

    Kept(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * @param status  the status answered (a problem's status for a gateway failure)
     * @param failure the gateway failure's name, or null
     * @return why the trace is kept, or null when it is not
     */
    static Kept decide(int status, String failure, long durationMicros, long slowMicros, boolean sampled) {
        if (status >= 500 || failure != null) {
            return ERROR;
        }
        if (durationMicros >= slowMicros) {
            return SLOW;
        }
        return sampled ? SAMPLED : null;
    }
}
