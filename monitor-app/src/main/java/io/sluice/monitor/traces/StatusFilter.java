package io.sluice.monitor.traces;

import io.sluice.model.TraceRecord;

/**
 * Which answers the trace list shows. {@link #ERRORS} is what the nodes call a failure: a 5xx
 * answer or a gateway failure (which may carry any status, e.g. a 429 from the limiter is not one,
 * but an upstream reset is).
 */
public enum StatusFilter {
    ALL("All"),
    SUCCESS("2xx"),
    REDIRECT("3xx"),
    CLIENT_ERROR("4xx"),
    SERVER_ERROR("5xx"),
    ERRORS("errors");

    private final String label;

    StatusFilter(String label) {
        this.label = label;
    }

    public boolean test(TraceRecord trace) {
        int s = trace.status();
        return switch (this) {
            case ALL -> true;
            case SUCCESS -> s >= 200 && s < 300;
            case REDIRECT -> s >= 300 && s < 400;
            case CLIENT_ERROR -> s >= 400 && s < 500;
            case SERVER_ERROR -> s >= 500 && s < 600;
            case ERRORS -> failed(trace);
        };
    }

    /** A 5xx answer or a gateway failure: the requests an operator looks at first. */
    public static boolean failed(TraceRecord trace) {
        return trace.status() >= 500 || trace.failure() != null;
    }

    /** What the filter's choice box shows. */
    @Override
    public String toString() {
        return label;
    }
}
